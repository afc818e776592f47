#include <unicode/unorm2.h>
