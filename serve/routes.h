/* routes.h: the daemon's access handler (libmicrohttpd's
 * MHD_AccessHandlerCallback). */
#ifndef SCRUTINY_SERVE_ROUTES_H
#define SCRUTINY_SERVE_ROUTES_H

#include <microhttpd.h>

enum MHD_Result routes_answer(void *cls, struct MHD_Connection *conn, const char *url,
                              const char *method, const char *version,
                              const char *upload_data, size_t *upload_size, void **con_cls);
/* libmicrohttpd's MHD_OPTION_NOTIFY_COMPLETED: a request is over (its
 * answer sent, or its connection gone). */
void routes_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                      enum MHD_RequestTerminationCode toe);
/* The requests under way: begun (their headers read) and not yet over. */
unsigned routes_under_way(void);

#endif
