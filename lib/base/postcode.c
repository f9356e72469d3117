/* postcode.c: see postcode.h.  An outward code of one or two letters, a
 * digit and an optional digit or letter, a space, then a digit and two
 * letters. */
#include "postcode.h"

#include <ctype.h>

int has_postcode(const char *s, size_t n)
{
    for (size_t i = 0; i + 6 <= n; i++) {
        size_t j = i;
        if (i > 0 && isalnum((unsigned char)s[i - 1]))
            continue;
        int letters = 0;
        while (j < n && isupper((unsigned char)s[j]) && letters < 2)
            j++, letters++;
        if (!letters || j >= n || !isdigit((unsigned char)s[j]))
            continue;
        j++;
        if (j < n && (isdigit((unsigned char)s[j]) || isupper((unsigned char)s[j])))
            j++;
        if (j + 4 <= n && s[j] == ' ' && isdigit((unsigned char)s[j + 1]) &&
            isupper((unsigned char)s[j + 2]) && isupper((unsigned char)s[j + 3]))
            return 1;
    }
    return 0;
}
