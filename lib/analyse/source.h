/* source.h: the web address a document was saved from.  A page saved as
 * text often names its council nowhere but in its address
 * ("councillors.x.gov.uk/..."); who published a page is the site it is
 * on.  The address comes from manifest.tsv's `source` column or from a
 * line of the text that is only an address ("Source: https://..."). */
#ifndef SCRUTINY_SOURCE_H
#define SCRUTINY_SOURCE_H

#include <stddef.h>

/* The address written on a line of its own among the first or last few
 * lines of text (alone, or after "Source:", "URL:", "Address:", "Saved
 * from:"), malloc()ed; or NULL. */
char *source_from_text(const char *text);

/* Where the host of an address ends (after the scheme and the host name):
 * what comes before it is the site, what comes after is the page's path.
 * 0 when the address has no host. */
size_t source_host_end(const char *url);

/* The address's host and path as words, for the gazetteer: separators
 * made spaces and each word given a capital ("councillors.wigan.gov.uk/
 * east-riding-council" reads "Councillors Wigan Gov Uk East Riding
 * Council"); the query and fragment left out; offsets are the address's.
 * malloc()ed. */
char *source_words(const char *url);

/* Whether the host of url is domain or one of its subdomains, or, for a
 * domain with a path ("www.gov.uk/ofsted"), whether url starts with it. */
int source_on_domain(const char *url, const char *domain);

#endif
