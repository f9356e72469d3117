/* routes.h: the daemon's access handler (libmicrohttpd's
 * MHD_AccessHandlerCallback). */
#ifndef SCRUTINY_SERVE_ROUTES_H
#define SCRUTINY_SERVE_ROUTES_H

#include <microhttpd.h>

enum MHD_Result routes_answer(void *cls, struct MHD_Connection *conn, const char *url,
                              const char *method, const char *version,
                              const char *upload_data, size_t *upload_size, void **con_cls);

#endif
