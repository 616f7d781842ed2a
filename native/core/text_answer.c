/* text_answer.c — type=text: one line, no trailing newline (README "Answers"); the
 * user's message (status text, remembered last status) only when the decision shows it. */
#include "presence_internal.h"

#include <stdlib.h>

static const char *const online_labels[] = {
    [PRESENCE_STATUS_AVAILABLE] = "Available", [PRESENCE_STATUS_CHAT] = "Free to chat",
    [PRESENCE_STATUS_AWAY] = "Away",           [PRESENCE_STATUS_XA] = "Extended away",
    [PRESENCE_STATUS_DND] = "Do not disturb",
};

status_line status_line_for(const presence_snapshot *snapshot, const presence_decision *decision)
{
    presence_status status = decision->status;
    if (status == PRESENCE_STATUS_OFFLINE) {
        if (decision->message_shown && text_present(snapshot->last_status))
            return (status_line){snapshot->last_status, true};
        if (text_present(snapshot->unavailable_text))
            return (status_line){snapshot->unavailable_text, true};
        return (status_line){TEXT_LITERAL("Unavailable"), false};
    }
    if (decision->message_shown && text_present(snapshot->status_text))
        return (status_line){snapshot->status_text, true};
    const char *label = online_labels[status];
    return (status_line){{label, strlen(label)}, false};
}

void text_answer(const presence_snapshot *snapshot, const presence_decision *decision, presence_response *response)
{
    presence_status status = decision->status;
    if (status == PRESENCE_STATUS_FORBIDDEN) {
        answer_begin(response, 200, PRESENCE_ANSWER_TEXT, status, CONTENT_TYPE_TEXT);
        answer_static_body(response, "Forbidden");
        return;
    }
    status_line source = status_line_for(snapshot, decision);
    if (!source.from_snapshot) {
        answer_begin(response, 200, PRESENCE_ANSWER_TEXT, status, CONTENT_TYPE_TEXT);
        answer_static_body(response, source.line.data);
        return;
    }
    if (!text_within_limit(source.line, PRESENCE_MAX_STATUS_TEXT)) {
        answer_data_over_limits(response, status);
        return;
    }
    char *line = core_malloc(CLEAN_TEXT_CAPACITY(source.line.length));
    if (line == NULL) {
        answer_out_of_memory(response, status);
        return;
    }
    size_t length = clean_text_line(source.line.data, source.line.length, line);
    answer_begin(response, 200, PRESENCE_ANSWER_TEXT, status, CONTENT_TYPE_TEXT);
    answer_owned_body(response, line, length);
}
