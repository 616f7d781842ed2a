/*
 * test_hostile.c — a table of hostile inputs, each with the answer the contract
 * requires: injection attempts in URLs, NUL bytes, foreign schemes, 1 MiB values,
 * invalid UTF-8, XML metacharacters, broken or dangerous stanzas (XXE, entity
 * expansion), inconsistent or missing snapshot facts. The base of every row is
 * user_online() (jsmith@example.com, public, available, no show).
 */
#include "test_support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TEXT_PLAIN "text/plain; charset=UTF-8"
#define TEXT_XML "text/xml; charset=UTF-8"
#define PNG "image/png"
#define MIB (1024u * 1024u)
#define FFFD "\xEF\xBF\xBD"
#define NOT_ALLOWED(name)                                                                          \
    "The parameter " name " is not an allowed image address: use http://, https:// or a path "   \
    "starting with a single /, without control characters or backslashes."
#define TOO_LONG(name, limit) "The parameter " name " is longer than " limit " bytes."
#define OVER_LIMITS "The presence data exceeds the plugin's limits."
#define REBUILT_AVAILABLE "<presence from=\"jsmith@example.com\"><priority>1</priority></presence>"

static char *huge; /* MIB bytes of 'a', for the 1 MiB rows */

typedef struct hostile_case {
    const char *name;
    void (*setup)(scenario *given);
    int http_status;
    presence_status status;    /* decided status; PRESENCE_STATUS_COUNT for a 400 */
    const char *content_type;
    const char *body;          /* exact body; NULL for the built-in image of status */
    const char *location;      /* exact Location of a 302 */
    const char *never_in_body; /* must not appear (leaked file contents, expansions) */
} hostile_case;

#define SETUP(function, ...) static void function(scenario *g) { __VA_ARGS__ }
#define URL(which) g->request.status_url[PRESENCE_STATUS_##which]
#define AS(type_name) g->request.type = text_of(type_name);

SETUP(crlf_in_images, g->request.images = text_of("https://img.example/x.png\r\nSet-Cookie: a=b");)
SETUP(lf_in_status_url, URL(AVAILABLE) = text_of("/x\nLocation: http://evil.example/");)
SETUP(nul_in_images, g->request.images = bytes_of("/icons/\0--IMAGE--.png", 21);)
SETUP(tab_in_url, URL(DND) = text_of("http://img.example/\tb.png");)
SETUP(del_in_url, URL(XA) = text_of("/x\x7F.png");)
SETUP(javascript_images, g->request.images = text_of("javascript:alert(document.cookie)//--IMAGE--");)
SETUP(javascript_mixed_case, URL(AWAY) = text_of("JaVaScRiPt:alert(1)");)
SETUP(data_url, URL(CHAT) = text_of("data:image/png;base64,iVBORw0KGgo=");)
SETUP(protocol_relative, g->request.images = text_of("//evil.example/--IMAGE--.png");)
SETUP(slash_backslash, URL(AVAILABLE) = text_of("/\\evil.example/x.png");)
SETUP(http_slash_backslash, g->request.images = text_of("http:/\\evil.example/--IMAGE--");)
SETUP(unc_path, URL(FORBIDDEN) = text_of("\\\\evil.example\\share\\x.png");)
SETUP(scheme_without_host, URL(OFFLINE) = text_of("https://");)
SETUP(userinfo_without_host, g->request.images = text_of("http://user@/--IMAGE--");)
SETUP(port_without_host, g->request.images = text_of("http://:8080/--IMAGE--");)
SETUP(ftp_scheme, g->request.images = text_of("ftp://img.example/--IMAGE--");)
SETUP(leading_space, g->request.images = text_of(" http://img.example/--IMAGE--");)
SETUP(bare_token, g->request.images = text_of("--IMAGE--");)
SETUP(space_in_host, g->request.images = text_of("http://evil example/--IMAGE--");)
SETUP(high_bytes_in_url, g->request.images = bytes_of("/\xFF\xFE --IMAGE--", 13);)
SETUP(bad_url_for_hidden_user, *g = user_hidden(); URL(AVAILABLE) = text_of("javascript:alert(1)");)
SETUP(huge_jid, g->request.jid = bytes_of(huge, MIB);)
SETUP(huge_req_jid, g->request.req_jid = bytes_of(huge, MIB);)
SETUP(huge_type, g->request.type = bytes_of(huge, MIB);)
SETUP(huge_images, g->request.images = bytes_of(huge, MIB);)
SETUP(huge_status_url_for_xml, AS("xml") URL(FORBIDDEN) = bytes_of(huge, MIB);)
SETUP(huge_status_text, AS("text") g->snapshot.status_text = bytes_of(huge, MIB);)
SETUP(huge_stanza, AS("xml") g->snapshot.stanza_xml = bytes_of(huge, MIB);)
SETUP(huge_last_status_xml, AS("xml") *g = user_offline(); AS("xml") g->snapshot.last_status = bytes_of(huge, MIB);)
SETUP(nul_in_type, g->request.type = bytes_of("text\0", 5);)
SETUP(upper_case_type, AS("XML"))
SETUP(nul_in_jid, g->request.jid = bytes_of("jsmith@example.com\0admin", 24); g->snapshot.jid_valid = false;
      g->snapshot.jid_bare = text_of(NULL);)
SETUP(invalid_utf8_text, AS("text") g->snapshot.status_text = text_of("caf\xC3 \xFF\xFE ok \xED\xA0\x80");)
SETUP(overlong_utf8_text, AS("text") g->snapshot.status_text = text_of("\xC0\xAF\xF5\x80\xF4\x90\x80\x80!");)
SETUP(c1_and_noncharacter_text, AS("text") g->snapshot.status_text = text_of("\xC2\x85x\xEF\xBF\xBEy\xF0\x9F\x98\x80");)
SETUP(truncated_utf8_text, AS("text") g->snapshot.status_text = text_of("ends in \xE2\x82");)
SETUP(only_controls_text, AS("text") g->snapshot.status_text = bytes_of("\r\n\t\0", 4);)
SETUP(invalid_utf8_xml, AS("xml") g->snapshot.stanza_xml = text_of(NULL); g->snapshot.status_text = text_of("\xFF<\x01>");)
SETUP(metacharacters_in_jids, AS("xml") *g = user_hidden(); AS("xml")
      g->snapshot.jid_bare = text_of("a\"<&>'@example.com");
      g->request.req_jid = text_of("x"); g->snapshot.requester_valid = true;
      g->snapshot.requester_bare = text_of("x\"&<\n@example.com");)
SETUP(metacharacters_in_last_status, *g = user_offline(); AS("xml")
      g->snapshot.last_status = text_of("]]> <![CDATA[ &amp; </status><x>");)
SETUP(non_ascii_in_xml, *g = user_offline(); AS("xml") g->snapshot.jid_bare = text_of("j\xC3\xB6rg@example.com");
      g->snapshot.last_status = text_of("Gr\xC3\xBC\xC3\x9F" "e");)
SETUP(latin1_declared_stanza, AS("xml") g->snapshot.stanza_xml = text_of(
      "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><presence><status>caf\xE9</status></presence>");)
SETUP(metacharacters_in_text, AS("text") g->snapshot.status_text = text_of("<b>&amp;</b>");)
SETUP(unbalanced_stanza, AS("xml") g->snapshot.stanza_xml = text_of("<presence><show>away</presence>");)
SETUP(unclosed_stanza, AS("xml") g->snapshot.stanza_xml = text_of("<presence");)
SETUP(xxe_stanza, AS("xml") g->snapshot.stanza_xml = text_of(
      "<?xml version=\"1.0\"?><!DOCTYPE presence [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>"
      "<presence><status>&xxe;</status></presence>");)
SETUP(billion_laughs_stanza, AS("xml") g->snapshot.stanza_xml = text_of(
      "<!DOCTYPE presence [<!ENTITY a \"lol\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">"
      "<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\"><!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\">]>"
      "<presence><status>&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;</status></presence>");)
SETUP(undeclared_entity_stanza, AS("xml") g->snapshot.stanza_xml = text_of("<presence><status>&lol;</status></presence>");)
SETUP(other_root_stanza, AS("xml") g->snapshot.stanza_xml = text_of("<message><body>hi</body></message>");)
SETUP(server_namespace_stanza, AS("xml") g->snapshot.stanza_xml = text_of("<presence xmlns=\"jabber:server\"/>");)
SETUP(two_roots_stanza, AS("xml") g->snapshot.stanza_xml = text_of("<presence/><presence/>");)
SETUP(invalid_utf8_stanza, AS("xml") g->snapshot.stanza_xml = text_of("<presence><status>\xFF</status></presence>");)
SETUP(nul_in_stanza, AS("xml") g->snapshot.stanza_xml = bytes_of("<presence>\0</presence>", 22);)
SETUP(control_in_stanza, AS("xml") g->snapshot.stanza_xml = text_of("<presence><status>\x01</status></presence>");)
SETUP(cdata_and_comment_stanza, AS("xml") g->snapshot.stanza_xml = text_of(
      "<presence><!-- c --><status><![CDATA[a <b> & c]]></status><?pi x?></presence>");)
SETUP(unbound_prefix_stanza, AS("xml") g->snapshot.stanza_xml = text_of("<presence><x:y/></presence>");)
SETUP(declared_stanza, AS("xml") g->snapshot.stanza_xml = text_of("<?xml version=\"1.0\"?>\n<presence/>\n<!-- after -->");)
SETUP(zeroed_snapshot, memset(&g->snapshot, 0, sizeof g->snapshot);)
SETUP(valid_jid_without_bare, AS("xml") g->snapshot.jid_bare = text_of(NULL);)
SETUP(valid_requester_without_bare, g->snapshot.presence_public = false; g->request.req_jid = text_of("friend@example.com");
      g->snapshot.requester_valid = true; g->snapshot.requester_may_probe = true;)
SETUP(show_out_of_range, AS("text") g->snapshot.show = (presence_show)99;)
SETUP(domain_out_of_range, g->snapshot.jid_domain = (presence_jid_domain)7;)
SETUP(negative_priority, AS("xml") g->snapshot.stanza_xml = text_of(NULL); g->snapshot.priority = -5;)
SETUP(lowest_priority, AS("xml") g->snapshot.stanza_xml = text_of(NULL); g->snapshot.priority = INT32_MIN;)
SETUP(null_data_with_length, g->request.images = bytes_of(NULL, 5);)
SETUP(data_with_zero_length, g->request.jid = bytes_of(USER_JID, 0);)

static const hostile_case cases[] = {
    {"CR LF in images", crlf_in_images, 400, PRESENCE_STATUS_COUNT, TEXT_PLAIN, NOT_ALLOWED("images"), NULL, NULL},
    {"LF in a per-status URL", lf_in_status_url, 400, PRESENCE_STATUS_COUNT, TEXT_PLAIN, NOT_ALLOWED("available"), NULL, NULL},
    {"NUL in images", nul_in_images, 400, PRESENCE_STATUS_COUNT, TEXT_PLAIN, NOT_ALLOWED("images"), NULL, NULL},
    {"TAB in a URL", tab_in_url, 400, PRESENCE_STATUS_COUNT, TEXT_PLAIN, NOT_ALLOWED("dnd"), NULL, NULL},
    {"DEL in a URL", del_in_url, 400, PRESENCE_STATUS_COUNT, TEXT_PLAIN, NOT_ALLOWED("xa"), NULL, NULL},
    {"javascript: images", javascript_images, 400, PRESENCE_STATUS_COUNT, TEXT_PLAIN, NOT_ALLOWED("images"), NULL, NULL},
    {"JaVaScRiPt: per-status", javascript_mixed_case, 400, PRESENCE_STATUS_COUNT, TEXT_PLAIN, NOT_ALLOWED("away"), NULL, NULL},
    {"data: URL", data_url, 400, PRESENCE_STATUS_COUNT, TEXT_PLAIN, NOT_ALLOWED("chat"), NULL, NULL},
    {"//host", protocol_relative, 400, PRESENCE_STATUS_COUNT, TEXT_PLAIN, NOT_ALLOWED("images"), NULL, NULL},
    {"/\\host", slash_backslash, 400, PRESENCE_STATUS_COUNT, TEXT_PLAIN, NOT_ALLOWED("available"), NULL, NULL},
    {"http:/\\host", http_slash_backslash, 400, PRESENCE_STATUS_COUNT, TEXT_PLAIN, NOT_ALLOWED("images"), NULL, NULL},
    {"\\\\host", unc_path, 400, PRESENCE_STATUS_COUNT, TEXT_PLAIN, NOT_ALLOWED("forbidden"), NULL, NULL},
    {"https:// without host", scheme_without_host, 400, PRESENCE_STATUS_COUNT, TEXT_PLAIN, NOT_ALLOWED("offline"), NULL, NULL},
    {"userinfo without host", userinfo_without_host, 400, PRESENCE_STATUS_COUNT, TEXT_PLAIN, NOT_ALLOWED("images"), NULL, NULL},
    {"port without host", port_without_host, 400, PRESENCE_STATUS_COUNT, TEXT_PLAIN, NOT_ALLOWED("images"), NULL, NULL},
    {"ftp: scheme", ftp_scheme, 400, PRESENCE_STATUS_COUNT, TEXT_PLAIN, NOT_ALLOWED("images"), NULL, NULL},
    {"leading space", leading_space, 400, PRESENCE_STATUS_COUNT, TEXT_PLAIN, NOT_ALLOWED("images"), NULL, NULL},
    {"template that is only the token", bare_token, 400, PRESENCE_STATUS_COUNT, TEXT_PLAIN, NOT_ALLOWED("images"), NULL, NULL},
    {"space in host", space_in_host, 400, PRESENCE_STATUS_COUNT, TEXT_PLAIN, NOT_ALLOWED("images"), NULL, NULL},
    {"bytes >= 0x80 and spaces in a URL", high_bytes_in_url, 302, PRESENCE_STATUS_AVAILABLE, TEXT_PLAIN, "",
     "/%FF%FE%20available", NULL},
    {"bad URL for another status, forbidden user", bad_url_for_hidden_user, 400, PRESENCE_STATUS_COUNT, TEXT_PLAIN,
     NOT_ALLOWED("available"), NULL, NULL},
    {"1 MiB jid", huge_jid, 400, PRESENCE_STATUS_COUNT, TEXT_PLAIN, TOO_LONG("jid", "3071"), NULL, NULL},
    {"1 MiB req_jid", huge_req_jid, 400, PRESENCE_STATUS_COUNT, TEXT_PLAIN, TOO_LONG("req_jid", "3071"), NULL, NULL},
    {"1 MiB type", huge_type, 400, PRESENCE_STATUS_COUNT, TEXT_PLAIN, TOO_LONG("type", "32"), NULL, NULL},
    {"1 MiB images", huge_images, 400, PRESENCE_STATUS_COUNT, TEXT_PLAIN, TOO_LONG("images", "2048"), NULL, NULL},
    {"1 MiB per-status URL with type=xml", huge_status_url_for_xml, 400, PRESENCE_STATUS_COUNT, TEXT_PLAIN,
     TOO_LONG("forbidden", "2048"), NULL, NULL},
    {"1 MiB status text", huge_status_text, 500, PRESENCE_STATUS_AVAILABLE, TEXT_PLAIN, OVER_LIMITS, NULL, NULL},
    {"1 MiB stanza", huge_stanza, 500, PRESENCE_STATUS_AVAILABLE, TEXT_PLAIN, OVER_LIMITS, NULL, NULL},
    {"1 MiB last status, xml", huge_last_status_xml, 500, PRESENCE_STATUS_OFFLINE, TEXT_PLAIN, OVER_LIMITS, NULL, NULL},
    {"NUL in type", nul_in_type, 400, PRESENCE_STATUS_COUNT, TEXT_PLAIN, "The parameter type must be image, text, xml, json, badge, shields or avatar.", NULL, NULL},
    {"type in upper case", upper_case_type, 400, PRESENCE_STATUS_COUNT, TEXT_PLAIN,
     "The parameter type must be image, text, xml, json, badge, shields or avatar.", NULL, NULL},
    {"NUL inside jid", nul_in_jid, 200, PRESENCE_STATUS_FORBIDDEN, PNG, NULL, NULL, NULL},
    {"invalid UTF-8 status text", invalid_utf8_text, 200, PRESENCE_STATUS_AVAILABLE, TEXT_PLAIN,
     "caf" FFFD " " FFFD FFFD " ok " FFFD FFFD FFFD, NULL, NULL},
    {"overlong and out-of-range UTF-8", overlong_utf8_text, 200, PRESENCE_STATUS_AVAILABLE, TEXT_PLAIN,
     FFFD FFFD FFFD FFFD FFFD FFFD FFFD FFFD "!", NULL, NULL},
    {"C1 control, U+FFFE, 4-byte UTF-8", c1_and_noncharacter_text, 200, PRESENCE_STATUS_AVAILABLE, TEXT_PLAIN,
     " x" FFFD "y\xF0\x9F\x98\x80", NULL, NULL},
    {"truncated UTF-8 at the end", truncated_utf8_text, 200, PRESENCE_STATUS_AVAILABLE, TEXT_PLAIN, "ends in " FFFD FFFD, NULL, NULL},
    {"status text of control characters only", only_controls_text, 200, PRESENCE_STATUS_AVAILABLE, TEXT_PLAIN, "    ", NULL, NULL},
    {"invalid UTF-8 and controls in xml status", invalid_utf8_xml, 200, PRESENCE_STATUS_AVAILABLE, TEXT_XML,
     "<presence from=\"jsmith@example.com\"><status>" FFFD "&lt; &gt;</status><priority>1</priority></presence>", NULL, NULL},
    {"XML metacharacters in jid and req_jid", metacharacters_in_jids, 200, PRESENCE_STATUS_FORBIDDEN, TEXT_XML,
     "<presence type=\"error\" from=\"a&quot;&lt;&amp;&gt;'@example.com\" to=\"x&quot;&amp;&lt; @example.com\">"
     FORBIDDEN_XML_TAIL, NULL, NULL},
    {"XML metacharacters in last status", metacharacters_in_last_status, 200, PRESENCE_STATUS_OFFLINE, TEXT_XML,
     "<presence type=\"unavailable\" from=\"jsmith@example.com\"><status>]]&gt; &lt;![CDATA[ &amp;amp; "
     "&lt;/status&gt;&lt;x&gt;</status></presence>", NULL, NULL},
    {"non-ASCII JID and status in built XML stay UTF-8", non_ascii_in_xml, 200, PRESENCE_STATUS_OFFLINE, TEXT_XML,
     "<presence type=\"unavailable\" from=\"j\xC3\xB6rg@example.com\"><status>Gr\xC3\xBC\xC3\x9F" "e</status></presence>",
     NULL, NULL},
    {"stanza declaring ISO-8859-1 is read as UTF-8", latin1_declared_stanza, 200, PRESENCE_STATUS_AVAILABLE, TEXT_XML,
     REBUILT_AVAILABLE, NULL, NULL},
    {"markup in status text, text", metacharacters_in_text, 200, PRESENCE_STATUS_AVAILABLE, TEXT_PLAIN, "<b>&amp;</b>", NULL, NULL},
    {"unbalanced stanza", unbalanced_stanza, 200, PRESENCE_STATUS_AVAILABLE, TEXT_XML, REBUILT_AVAILABLE, NULL, NULL},
    {"unclosed stanza", unclosed_stanza, 200, PRESENCE_STATUS_AVAILABLE, TEXT_XML, REBUILT_AVAILABLE, NULL, NULL},
    {"stanza with DOCTYPE and external entity (XXE)", xxe_stanza, 200, PRESENCE_STATUS_AVAILABLE, TEXT_XML,
     REBUILT_AVAILABLE, NULL, "root:"},
    {"stanza with nested entities (billion laughs)", billion_laughs_stanza, 200, PRESENCE_STATUS_AVAILABLE, TEXT_XML,
     REBUILT_AVAILABLE, NULL, "lol"},
    {"stanza with an undeclared entity", undeclared_entity_stanza, 200, PRESENCE_STATUS_AVAILABLE, TEXT_XML,
     REBUILT_AVAILABLE, NULL, NULL},
    {"stanza whose root is not presence", other_root_stanza, 200, PRESENCE_STATUS_AVAILABLE, TEXT_XML,
     REBUILT_AVAILABLE, NULL, "message"},
    {"stanza in the jabber:server namespace", server_namespace_stanza, 200, PRESENCE_STATUS_AVAILABLE, TEXT_XML,
     REBUILT_AVAILABLE, NULL, NULL},
    {"stanza with two roots", two_roots_stanza, 200, PRESENCE_STATUS_AVAILABLE, TEXT_XML, REBUILT_AVAILABLE, NULL, NULL},
    {"stanza with invalid UTF-8", invalid_utf8_stanza, 200, PRESENCE_STATUS_AVAILABLE, TEXT_XML, REBUILT_AVAILABLE, NULL, NULL},
    {"stanza with a NUL byte", nul_in_stanza, 200, PRESENCE_STATUS_AVAILABLE, TEXT_XML, REBUILT_AVAILABLE, NULL, NULL},
    {"stanza with a control character", control_in_stanza, 200, PRESENCE_STATUS_AVAILABLE, TEXT_XML, REBUILT_AVAILABLE, NULL, NULL},
    {"stanza with CDATA, comment, PI: comment and PI dropped", cdata_and_comment_stanza, 200, PRESENCE_STATUS_AVAILABLE, TEXT_XML,
     "<presence><status>a &lt;b&gt; &amp; c</status></presence>", NULL, NULL}, /* CDATA becomes escaped text */
    {"stanza with an unbound namespace prefix", unbound_prefix_stanza, 200, PRESENCE_STATUS_AVAILABLE, TEXT_XML,
     REBUILT_AVAILABLE, NULL, NULL},
    {"stanza with an XML declaration and a trailing comment", declared_stanza, 200, PRESENCE_STATUS_AVAILABLE, TEXT_XML,
     "<presence/>", NULL, NULL},
    {"all snapshot facts missing", zeroed_snapshot, 200, PRESENCE_STATUS_FORBIDDEN, PNG, NULL, NULL, NULL},
    {"jid_valid without jid_bare", valid_jid_without_bare, 200, PRESENCE_STATUS_FORBIDDEN, TEXT_XML,
     "<presence type=\"error\">" FORBIDDEN_XML_TAIL, NULL, NULL},
    {"requester_valid without requester_bare", valid_requester_without_bare, 200, PRESENCE_STATUS_FORBIDDEN, PNG, NULL, NULL, NULL},
    {"show out of range", show_out_of_range, 200, PRESENCE_STATUS_AVAILABLE, TEXT_PLAIN, "Available", NULL, NULL},
    {"jid_domain out of range", domain_out_of_range, 200, PRESENCE_STATUS_FORBIDDEN, PNG, NULL, NULL, NULL},
    {"negative priority", negative_priority, 200, PRESENCE_STATUS_AVAILABLE, TEXT_XML,
     "<presence from=\"jsmith@example.com\"><priority>-5</priority></presence>", NULL, NULL},
    {"lowest priority", lowest_priority, 200, PRESENCE_STATUS_AVAILABLE, TEXT_XML,
     "<presence from=\"jsmith@example.com\"><priority>-2147483648</priority></presence>", NULL, NULL},
    {"NULL data with a length", null_data_with_length, 200, PRESENCE_STATUS_AVAILABLE, PNG, NULL, NULL, NULL},
    {"data with length 0", data_with_zero_length, 200, PRESENCE_STATUS_FORBIDDEN, PNG, NULL, NULL, NULL},
};
enum { CASE_COUNT = sizeof cases / sizeof cases[0] };

static int contains(const presence_response *response, const char *needle)
{
    size_t length = strlen(needle);
    for (size_t i = 0; i + length <= response->body_length; i++)
        if (memcmp(response->body + i, needle, length) == 0)
            return 1;
    return 0;
}

static void test_hostile_case(void **state)
{
    const hostile_case *row = *state;
    scenario given = user_online();
    row->setup(&given);
    presence_response response;
    resolve_scenario(&given, &response);
    assert_int_equal(response.status, row->status);
    if (row->body == NULL) {
        assert_built_in_image(&response, row->status);
    } else {
        assert_answer(&response, row->http_status, row->content_type, row->body);
    }
    if (row->location != NULL)
        assert_redirect(&response, row->location);
    else
        assert_int_equal(response.header_count, row->http_status == 200 ? 6 : 5); /* ETag on 200s */
    if (row->never_in_body != NULL)
        assert_false(contains(&response, row->never_in_body));
    presence_response_release(&response);
}

static int allocate_huge(void **state)
{
    (void)state;
    huge = malloc(MIB);
    if (huge == NULL)
        return -1;
    memset(huge, 'a', MIB);
    return 0;
}

static int free_huge(void **state)
{
    (void)state;
    free(huge);
    huge = NULL;
    return 0;
}

int run_hostile_tests(void)
{
    static char names[CASE_COUNT][96];
    static struct CMUnitTest tests[CASE_COUNT];
    for (int i = 0; i < CASE_COUNT; i++) {
        snprintf(names[i], sizeof names[i], "hostile: %s", cases[i].name);
        tests[i] = (struct CMUnitTest){names[i], test_hostile_case, NULL, NULL, (void *)&cases[i]};
    }
    return _cmocka_run_group_tests("hostile", tests, CASE_COUNT, allocate_huge, free_huge);
}
