/* libxml2's headers include ICU's <unicode/ucnv.h> when libxml2 was built with ICU (Debian's is).
   ICU's types would then clash with the copy of ICU that Foundation carries, in any module that
   sees both. Only pointers to the ICU-dependent encoding structs cross into Swift, so hiding the
   ICU declarations does not change anything Swift reads. */
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/xmlreader.h>
#include <libxml/parserInternals.h>
#include <libxml/HTMLparser.h>
