/*
 * status_image.c — the built-in icons as static 200 answers: every theme × status × size
 * × format, generated at build time (native/images/image_generator.c), selected here by
 * table lookup. Nothing is rendered or allocated per request.
 */
#include "presence_internal.h"

#include "presence_images.inc" /* generated from the icon sources in native/images/ */

_Static_assert(PRESENCE_IMAGE_STATUS_COUNT == PRESENCE_STATUS_COUNT, "one icon per status name in every theme");
_Static_assert(PRESENCE_IMAGE_FORMAT_COUNT == 2, "png and svg");

enum { IMAGE_FORMAT_PNG = 0, IMAGE_FORMAT_SVG = 1 };
static const char *const format_names[PRESENCE_IMAGE_FORMAT_COUNT] = {"png", "svg"};
static const char *const format_content_types[PRESENCE_IMAGE_FORMAT_COUNT] = {CONTENT_TYPE_PNG, CONTENT_TYPE_SVG};

/* The index of text among count names, or -1 (names are short literals; one compare each). */
static int choice_index(presence_text text, const char *const *names, int count)
{
    for (int i = 0; i < count; i++)
        if (text_equals(text, names[i], strlen(names[i])))
            return i;
    return -1;
}

const char *image_choice_check(const presence_request *request)
{
    if (text_present(request->theme)
        && choice_index(request->theme, presence_image_theme_names, PRESENCE_IMAGE_THEME_COUNT) < 0)
        return PRESENCE_IMAGE_THEME_SENTENCE;
    if (text_present(request->size)
        && choice_index(request->size, presence_image_size_names, PRESENCE_IMAGE_SIZE_COUNT) < 0)
        return PRESENCE_IMAGE_SIZE_SENTENCE;
    if (text_present(request->format) && choice_index(request->format, format_names, PRESENCE_IMAGE_FORMAT_COUNT) < 0)
        return "The parameter format must be png or svg.";
    return NULL;
}

int image_theme_count(void)
{
    return PRESENCE_IMAGE_THEME_COUNT;
}

const char *image_theme_name(int theme)
{
    return theme >= 0 && theme < PRESENCE_IMAGE_THEME_COUNT ? presence_image_theme_names[theme] : NULL;
}

/* The theme asked for, else the server's default theme, else classic (index 0). */
static int theme_of(const presence_request *request, const presence_snapshot *snapshot)
{
    int theme = choice_index(request->theme, presence_image_theme_names, PRESENCE_IMAGE_THEME_COUNT);
    if (theme < 0)
        theme = choice_index(snapshot->default_theme, presence_image_theme_names, PRESENCE_IMAGE_THEME_COUNT);
    return theme < 0 ? 0 : theme;
}

void status_image_answer(const presence_request *request, const presence_snapshot *snapshot, presence_status status,
                         presence_response *response)
{
    int size = choice_index(request->size, presence_image_size_names, PRESENCE_IMAGE_SIZE_COUNT);
    int format = choice_index(request->format, format_names, PRESENCE_IMAGE_FORMAT_COUNT);
    int theme = theme_of(request, snapshot);
    size = size < 0 ? 0 : size;
    format = format < 0 ? 0 : format;
    const presence_generated_image *image = &presence_image_table[theme][status][size][format];
    answer_begin(response, 200, PRESENCE_ANSWER_IMAGE, status, format_content_types[format]);
    response->body = image->bytes;
    response->body_length = image->length;
    response->body_hash = presence_image_hash_table[theme][status][size][format];
}
