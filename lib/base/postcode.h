/* postcode.h: finding a UK postcode ("SE6 4RU", "M1 2WD") in a line, the
 * mark of an address. */
#ifndef SCRUTINY_POSTCODE_H
#define SCRUTINY_POSTCODE_H

#include <stddef.h>

/* Whether s[0..n) holds a UK postcode in capitals, as whole words. */
int has_postcode(const char *s, size_t n);

#endif
