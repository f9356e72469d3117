/* pdf_colour.c: poppler's colour management, turned off for reading text.
 *
 * With lcms2, poppler-glib builds two Little CMS transforms for every
 * ICC colour space a page's content sets, page after page (its cache of
 * them lives in the output device, a new one for each
 * poppler_page_get_text).  Building one inverts the profiles' tone curves
 * (cmsReverseToneCurveEx) and, with black point compensation, detects
 * their black points: on ../shared/realdocs' 186 Ofsted PDFs that was 74%
 * of scrutiny-index's CPU.  Colours never reach the text, so every
 * rendering intent is replaced, for this process, by one whose pipeline
 * maps any colour to zero without reading the profiles' curves: the same
 * text for all 186 (byte for byte), extracted in 4.0 s instead of 29.9.
 * Nothing in the programs renders a PDF; the plugin is Little CMS's own
 * way to add or replace an intent (lcms2_plugin.h). */
#include <lcms2_plugin.h>
#include <pthread.h>
#include <stdio.h>

#include "extract.h"

/* A pipeline from the first profile's channels to the last's (or to its
 * connection space, alone), every output zero. */
static cmsPipeline *colourless(cmsContext id, cmsUInt32Number n, cmsUInt32Number intents[],
                               cmsHPROFILE profiles[], cmsBool bpc[], cmsFloat64Number adapt[],
                               cmsUInt32Number flags)
{
    (void)intents;
    (void)bpc;
    (void)adapt;
    (void)flags;
    if (n == 0)
        return NULL;
    cmsUInt32Number in = cmsChannelsOf(cmsGetColorSpace(profiles[0]));
    cmsUInt32Number out =
        cmsChannelsOf(n > 1 ? cmsGetColorSpace(profiles[n - 1]) : cmsGetPCS(profiles[0]));
    if (in == 0 || out == 0 || in > cmsMAXCHANNELS || out > cmsMAXCHANNELS)
        return NULL;
    static const cmsFloat64Number zeros[cmsMAXCHANNELS * cmsMAXCHANNELS];
    cmsPipeline *p = cmsPipelineAlloc(id, in, out);
    cmsStage *s = p ? cmsStageAllocMatrix(id, out, in, zeros, NULL) : NULL;
    if (!s || !cmsPipelineInsertStage(p, cmsAT_END, s)) {
        if (s)
            cmsStageFree(s);
        if (p)
            cmsPipelineFree(p);
        return NULL; /* poppler then does without a transform */
    }
    return p;
}

/* The four ICC intents, each replaced (a plugin's intent comes first). */
static cmsPluginRenderingIntent intent[4];

static void register_colourless(void)
{
    static const char *const names[4] = {"perceptual", "relative colorimetric", "saturation",
                                         "absolute colorimetric"};
    for (cmsUInt32Number i = 0; i < 4; i++) {
        intent[i].base.Magic = cmsPluginMagicNumber;
        intent[i].base.ExpectedVersion = 2000; /* the plugin API of lcms 2.0 on */
        intent[i].base.Type = cmsPluginRenderingIntentSig;
        intent[i].base.Next = i < 3 ? &intent[i + 1].base : NULL;
        intent[i].Intent = i;
        intent[i].Link = colourless;
        snprintf(intent[i].Description, sizeof intent[i].Description, "%s, text only",
                 names[i]);
    }
    /* refused, poppler manages colour as before: slower, the same text */
    (void)cmsPlugin(&intent[0]);
}

void pdf_colour_off(void)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, register_colourless);
}
