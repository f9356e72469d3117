/* libFuzzer target: format detection and every reader (PDF, HTML, DOCX,
 * text) on any bytes; the first byte picks the file name's extension. */
#include <stdint.h>
#include <stdlib.h>

#include "reader.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const names[] = {"f.txt", "f.md", "f.pdf", "f.html", "f.docx"};
    if (size == 0)
        return 0;
    reader_text rt;
    scr_error err;
    if (reader_parse(names[data[0] % 5], (const char *)data + 1, size - 1, &rt, &err) == SCR_OK)
        reader_text_free(&rt);
    return 0;
}
