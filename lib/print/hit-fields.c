/* hit-fields.c: field access shared by the printers. */
#include "hit-fields.h"

#include "util.h"

char *hit_join(const search_hit *h, const char *key, const char *sep)
{
    return json_join(h->data, key, sep);
}

char *json_join(json_t *o, const char *key, const char *sep)
{
    strbuf sb;
    sb_init(&sb);
    json_t *a = json_object_get(o, key);
    size_t i;
    json_t *v;
    json_array_foreach(a, i, v)
    {
        if (!json_is_string(v))
            continue;
        if (sb.len)
            sb_adds(&sb, sep);
        sb_adds(&sb, json_string_value(v));
    }
    return sb_steal(&sb);
}

const char *json_str(json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    return json_is_string(v) ? json_string_value(v) : "";
}

const char *hit_str(const search_hit *h, const char *key) { return json_str(h->data, key); }

char *print_join(const strlist *l, const char *sep)
{
    strbuf sb;
    sb_init(&sb);
    for (size_t i = 0; i < l->len; i++)
        sb_addf(&sb, "%s%s", i ? sep : "", l->items[i]);
    return sb_steal(&sb);
}
