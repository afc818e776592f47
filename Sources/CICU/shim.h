#include <unicode/uvernum.h>
