#include <libxml/xmlreader.h>
#include <libxml/parserInternals.h>
#include <libxml/HTMLparser.h>
