/* must-check.h: MUST_CHECK marks a function whose status must not be
 * dropped: a caller that ignores it does not compile (-Werror). */
#ifndef SCRUTINY_MUST_CHECK_H
#define SCRUTINY_MUST_CHECK_H

#define MUST_CHECK __attribute__((warn_unused_result))

#endif
