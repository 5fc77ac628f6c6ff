// The gate for declared data: parse_declarations on JSON texts, and the value
// rules (owner/declared_values.hpp) it applies to every field.
#include "owner/declarations.hpp"
#include "owner/declared_values.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <string>

using namespace annuaire::owner;
using nlohmann::json;

namespace {

// The refusal of a document ("path: fault" lines), or "" when it is accepted.
std::string problems_of(const std::string& document) {
    try {
        parse_declarations(document);
        return "";
    } catch (const DeclarationError& error) {
        return error.what();
    }
}

bool mentions(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// Documents of one entry: `members` is written into the entry as is (JSON text), so
// that numbers keep the form they are written in.
std::string practice_with(const std::string& members) {
    return R"({"declared_at": "2025-01-15T09:00:00Z", "practices": [{"practitioner_id": "10010018819", "site_key": "F682086673")" +
           (members.empty() ? "" : ", " + members) + "}]}";
}
std::string practitioner_with(const std::string& members) {
    return R"({"declared_at": "2025-01-15T09:00:00Z", "practitioners": [{"practitioner_id": "10010018819")" +
           (members.empty() ? "" : ", " + members) + "}]}";
}
// A member whose value is `text`, escaped as JSON.
std::string member(const std::string& key, const std::string& text) { return json(key).dump() + ": " + json(text).dump(); }

std::string refusal_of_text(const std::string& value, std::size_t max_characters = 100, Lines lines = Lines::one) {
    try {
        checked_text(value, max_characters, lines);
        return "";
    } catch (const ValueError& error) {
        return error.what();
    }
}
template <typename Check>
std::string refusal(Check&& check, const std::string& value) {
    try {
        check(value);
        return "";
    } catch (const ValueError& error) {
        return error.what();
    }
}

}  // namespace

TEST_CASE("accepts a complete document and returns every declared value") {
    const auto set = parse_declarations(R"({
      "declared_by": "CPTS m2A", "declared_at": "2025-01-15T09:00:00Z",
      "practitioners": [{"practitioner_id": "10010018819", "phone": "03 89 12 34 56", "website": "https://www.exemple.fr/",
                         "mssante_email": "jean.dupont@medecin.mssante.fr", "expertise": "Diabète\nNutrition"}],
      "practices": [{"practitioner_id": "123456789", "site_id": 12, "carte_vitale": true, "pmr_access": false,
                     "conventionnement": "secteur_2_optam", "publics": ["enfants"], "acts": ["ecg", "vaccination"],
                     "appointment_url": "http://rdv.exemple.fr/x?a=1",
                     "opening_hours": [{"weekday": 1, "opens": "08:30", "closes": "12:00"},
                                       {"weekday": 1, "opens": "12:00", "closes": "24:00"}],
                     "declared_at": "2025-02-01", "declared_by": null}],
      "corrections": [{"site_key": "F682086673", "field": "email", "value": "accueil@cabinet.fr"}]})");
    REQUIRE(set.practitioners.size() == 1);
    CHECK(set.practitioners[0].phone == "0389123456");
    CHECK(set.practitioners[0].website == "https://www.exemple.fr/");
    CHECK(set.practitioners[0].expertise == "Diabète\nNutrition");
    CHECK(set.practitioners[0].declared_by == "CPTS m2A");
    CHECK(!set.practitioners[0].training.named());
    REQUIRE(set.practices.size() == 1);
    const auto& practice = set.practices[0];
    CHECK(practice.site_id == 12);
    CHECK(!practice.site_key);
    CHECK(practice.booleans[0] == true);   // carte_vitale
    CHECK(practice.booleans[2] == false);  // pmr_access
    CHECK(!practice.booleans[1].named());
    CHECK(practice.acts == std::vector<std::string>{"ecg", "vaccination"});
    REQUIRE(practice.hours.value());
    REQUIRE(practice.hours.value()->size() == 2);
    CHECK((*practice.hours.value())[1].opens == 12 * 60);
    CHECK((*practice.hours.value())[1].closes == 24 * 60);
    CHECK(practice.declared_at == "2025-02-01");
    CHECK(practice.declared_by == "CPTS m2A");
    REQUIRE(set.corrections.size() == 1);
    CHECK(set.corrections[0].value == "accueil@cabinet.fr");
}

TEST_CASE("tells a field left out (kept) from a field given null (cleared) and from a value (set)") {
    const auto set = parse_declarations(practice_with(
        R"("carte_vitale": true, "tiers_payant": null, "phone": null, "acts": [], "opening_hours": null)"));
    const auto& practice = set.practices.at(0);
    CHECK(practice.booleans[0] == true);          // carte_vitale: set
    CHECK(practice.booleans[1].clears());         // tiers_payant: cleared
    CHECK(!practice.booleans[3].named());         // home_visits: left out, kept
    CHECK(practice.phone.clears());
    CHECK(!practice.mssante_email.named());
    CHECK(!practice.conventionnement.named());
    CHECK(practice.acts.named());                 // [] replaces the list with nothing
    CHECK(practice.acts.value()->empty());
    CHECK(practice.hours.clears());
    CHECK(!practice.publics.named());
    const auto corrections = parse_declarations(
        R"({"declared_at": "2025-01-15", "corrections": [{"site_key": "F682086673", "field": "phone", "value": null}]})");
    CHECK(corrections.corrections.at(0).value.clears());
    CHECK(problems_of(R"({"declared_at": "2025-01-15", "corrections": [{"site_key": "F682086673", "field": "phone"}]})") ==
          "corrections[0].value: required (a non-empty string, or null to remove the correction)");
}

TEST_CASE("refuses a misspelt or unknown field at every level, naming its JSON path and the closest known name") {
    CHECK(problems_of(practice_with(R"("pmr_acess": true)")) ==
          "practices[0].pmr_acess: unknown field (did you mean 'pmr_access'?)");
    CHECK(problems_of(R"({"declared_at": "2025-01-15", "practice": []})") ==
          "practice: unknown field (did you mean 'practices'?)");
    CHECK(problems_of(practitioner_with(R"("web_site": "https://exemple.fr")")) ==
          "practitioners[0].web_site: unknown field (did you mean 'website'?)");
    CHECK(problems_of(practice_with(R"("opening_hours": [{"weekday": 1, "opens": "08:00", "closes": "12:00"},
                                                         {"weekday": 2, "open": "08:00", "closes": "12:00"}])")) ==
          "practices[0].opening_hours[1].open: unknown field (did you mean 'opens'?)\n"
          "practices[0].opening_hours[1].opens: required (HH:MM)");
    CHECK(problems_of(R"({"declared_at": "2025-01-15", "corrections": [{"site_id": 3, "field": "phone", "value": "0389123456",
                                                                        "comment": "x"}]})") ==
          "corrections[0].comment: unknown field");
    // A name far from every known one gets no suggestion; the key is escaped in the path.
    CHECK(problems_of(practice_with(R"("\u202ezzz": 1)")) == "practices[0].\\u202ezzz: unknown field");
}

TEST_CASE("refuses javascript:, data:, ftp: and other addresses that are not http or https, in every URL field") {
    for (const std::string url : {"javascript:alert(1)", "JavaScript:alert(1)", "data:text/html,<script>x</script>",
                                  "ftp://ftp.exemple.fr/", "file:///etc/passwd", "vbscript:x", "mailto:a@exemple.fr"}) {
        INFO(url);
        CHECK(mentions(problems_of(practice_with(member("appointment_url", url))), "practices[0].appointment_url: '"));
        CHECK(mentions(problems_of(practitioner_with(member("website", url))),
                       "addresses are not accepted, only http:// and https:// ones"));
    }
}

TEST_CASE("accepts absolute http and https addresses, stored as written") {
    for (const std::string url : {"https://www.exemple.fr", "http://exemple.fr/", "HTTPS://www.Exemple.fr/rdv?id=12&x=%C3%A9#top",
                                  "https://rdv.exemple.fr:8443/prendre-rdv", "https://www.cabinet-médical.fr/équipe",
                                  "https://xn--cabinet-mdical-gnb.fr/"}) {
        INFO(url);
        CHECK(checked_url(url) == url);
        CHECK(problems_of(practitioner_with(member("website", url))).empty());
    }
    CHECK(checked_url("  https://exemple.fr/ \n") == "https://exemple.fr/");
}

TEST_CASE("refuses addresses without a host, with credentials, an IP address, a space, or over 500 bytes") {
    CHECK(mentions(refusal(checked_url, "www.exemple.fr"), "not an absolute address"));
    CHECK(mentions(refusal(checked_url, "//exemple.fr/x"), "not an absolute address"));
    CHECK(mentions(refusal(checked_url, "https:exemple.fr"), "expected // after 'https:'"));
    CHECK(refusal(checked_url, "https:///x") == "no host name");
    CHECK(refusal(checked_url, "https://localhost/") == "'localhost' is not a full domain name (such as www.exemple.fr)");
    CHECK(mentions(refusal(checked_url, "https://user:secret@exemple.fr/"), "user:password@"));
    CHECK(mentions(refusal(checked_url, "https://exemple.fr@evil.example/"), "user:password@"));
    CHECK(mentions(refusal(checked_url, "http://192.168.0.1/admin"), "an IP address is not accepted"));
    CHECK(mentions(refusal(checked_url, "http://[::1]/"), "an IP address is not accepted"));
    CHECK(mentions(refusal(checked_url, "https://exemple.fr:99999/"), "port '99999'"));
    CHECK(mentions(refusal(checked_url, "https://exemple.fr/a b"), "contains a space"));
    CHECK(mentions(refusal(checked_url, "https://exemple.fr/a\u00a0b"), "contains a space"));
    CHECK(mentions(refusal(checked_url, "https://exemple.fr/\"onmouseover=x"), "the character '\"'"));
    CHECK(mentions(refusal(checked_url, "https://exemple.fr/a\\b"), "the character '\\'"));
    CHECK(mentions(refusal(checked_url, "https://exemple.fr/%zz"), "a % not followed by two hexadecimal digits"));
    CHECK(mentions(refusal(checked_url, "https://exa_mple.fr/"), "is not a domain name"));
    CHECK(mentions(refusal(checked_url, "https://exemple.fr/\x1b[31m"), "control character (U+001B, escape)"));
    const std::string longest = "https://exemple.fr/" + std::string(kMaxUrlBytes - 19, 'a');
    CHECK(checked_url(longest) == longest);
    CHECK(refusal(checked_url, longest + "a") == "501 bytes, more than the 500 allowed");
}

TEST_CASE("refuses U+202E, BEL, ESC and the other control, bidirectional and invisible characters in every text") {
    // Written as JSON escapes: the parser turns them into the characters themselves.
    const std::pair<const char*, const char*> cases[] = {
        {R"(Dr \u202eevil)", "contains a bidirectional control character (U+202E) at character 4, which can reorder what a reader sees"},
        {R"(a\u2066b)", "contains a bidirectional control character (U+2066) at character 2, which can reorder what a reader sees"},
        {R"(a\u200fb)", "contains a bidirectional control character (U+200F) at character 2, which can reorder what a reader sees"},
        {R"(ding\u0007)", "contains a control character (U+0007, bell) at character 5"},
        {R"(\u001b[2Jx)", "contains a control character (U+001B, escape) at character 1"},
        {R"(a\u0000b)", "contains a control character (U+0000, NUL) at character 2"},
        {R"(a\u0085b)", "contains a control character (U+0085) at character 2"},
        {R"(a\u007fb)", "contains a control character (U+007F, delete) at character 2"},
        {R"(a\rb)", "contains a control character (U+000D, carriage return) at character 2"},
        {R"(a\u2028b)", "contains an invisible format character (U+2028) at character 2"},
        {R"(a\ufeffb)", "contains an invisible format character (U+FEFF) at character 2"},
        {R"(a\udb40\udc41b)", "contains an invisible format character (U+E0041) at character 2"},
        {R"(\u200bCabinet)", "contains an invisible zero-width character (U+200B) at its start"},
        {R"(Cabinet\u2060)", "contains an invisible zero-width character (U+2060) at its end"},
    };
    for (const auto& [escaped_text, fault] : cases) {
        INFO(escaped_text);
        const std::string value = std::string("\"") + escaped_text + "\"";
        CHECK(problems_of(practitioner_with(R"("expertise": )" + value)) == std::string("practitioners[0].expertise: ") + fault);
        CHECK(problems_of(R"({"declared_at": "2025-01-15", "declared_by": )" + value + "}") == std::string("declared_by: ") + fault);
        CHECK(problems_of(R"({"declared_at": "2025-01-15", "corrections": [{"practitioner_id": "10010018819",
                         "field": "last_name", "value": )" + value + "}]}") ==
              std::string("corrections[0].value: ") + fault);
    }
    // A zero-width joiner inside a text is left alone (emoji, some scripts).
    CHECK(checked_text("a\u200db", 10) == "a\u200db");
}

TEST_CASE("allows tabs and line breaks only in expertise and training, storing CR LF as LF") {
    CHECK(checked_text("Ligne 1\r\nLigne 2\tsuite\n", 100, Lines::several) == "Ligne 1\nLigne 2\tsuite");
    CHECK(refusal_of_text("Ligne 1\rLigne 2", 100, Lines::several) ==
          "contains a control character (U+000D, carriage return) at character 8");
    CHECK(refusal_of_text("Dupont\nDurand") == "contains a line break at character 7: this field holds one line");
    CHECK(refusal_of_text("Dupont\tDurand") == "contains a tab at character 7: this field holds one line");
    CHECK(problems_of(practitioner_with(R"("training": "DU\r\nDIU")")).empty());
    CHECK(problems_of(practitioner_with(R"("phone": "03 89\n12 34 56")")) ==
          "practitioners[0].phone: contains a line break at character 6: this field holds one line");
}

TEST_CASE("trims white space around every text and refuses one that is empty once trimmed") {
    CHECK(checked_text(" \t\u00a0 Cabinet  Vogel \u202f\n", 100) == "Cabinet  Vogel");
    CHECK(refusal_of_text(" \u3000 ") == "empty");
    CHECK(problems_of(practitioner_with(R"("website": "  ")")) ==
          "practitioners[0].website: empty: leave the field out to keep what is declared, or give null to clear it");
    CHECK(problems_of(practitioner_with(R"("website": null)")).empty());
    CHECK(problems_of(R"({"declared_at": "2025-01-15", "corrections": [{"practitioner_id": "10010018819",
                         "field": "first_name", "value": " "}]})") == "corrections[0].value: empty");
}

TEST_CASE("counts length limits in characters: 2000 accented letters fit expertise, 2001 do not") {
    std::string longest;
    for (std::size_t i = 0; i < kMaxLongTextCharacters; ++i) longest += "é";
    CHECK(problems_of(practitioner_with(member("expertise", longest))).empty());
    CHECK(problems_of(practitioner_with(member("expertise", longest + "é"))) ==
          "practitioners[0].expertise: 2001 characters, more than the 2000 allowed");
    CHECK(mentions(problems_of(R"({"declared_at": "2025-01-15", )" + member("declared_by", std::string(201, 'x')) + "}"),
                   "declared_by: 201 characters, more than the 200 allowed"));
    CHECK(mentions(problems_of(R"({"declared_at": "2025-01-15", "corrections": [{"site_id": 1, "field": "site_name", )" +
                               member("value", std::string(201, 'x')) + "}]}"),
                   "corrections[0].value: 201 characters, more than the 200 allowed"));
}

TEST_CASE("refuses a document over 10 MB before parsing it") {
    // Not even JSON: the size is checked first.
    const std::string huge(kMaxDocumentBytes + 1, '[');
    CHECK(problems_of(huge) == "document: 10000001 bytes, more than the 10000000 a declarations document may hold: split it");
    // A 30 MB field.
    const std::string document = practitioner_with(member("expertise", std::string(30'000'000, 'x')));
    CHECK(problems_of(document) == "document: " + std::to_string(document.size()) +
                                       " bytes, more than the 10000000 a declarations document may hold: split it");
}

TEST_CASE("names an integer out of range or written as a fraction as it is written in the document") {
    const std::pair<const char*, const char*> cases[] = {
        {"18446744073709551615", "18446744073709551615 is out of range (1 to 9223372036854775807)"},
        {"9223372036854775808", "9223372036854775808 is out of range (1 to 9223372036854775807)"},
        {"99999999999999999999999", "99999999999999999999999 is out of range (1 to 9223372036854775807)"},
        {"-1", "-1 is out of range (1 to 9223372036854775807)"},
        {"-9223372036854775809", "-9223372036854775809 is out of range (1 to 9223372036854775807)"},
        {"0", "0 is out of range (1 to 9223372036854775807)"},
        {"12.0", "expected an integer, got 12.0"},
        {"1e3", "expected an integer, got 1e3"},
        {"1E+2", "expected an integer, got 1E+2"},
        {"\"12\"", "expected an integer, got the string '12'"},
        {"true", "expected an integer, got true"},
        {"[12]", "expected an integer, got an array"},
    };
    for (const auto& [written, fault] : cases) {
        INFO(written);
        const std::string document = R"({"declared_at": "2025-01-15", "practices": [{"practitioner_id": "10010018819", "site_id": )" +
                                     std::string(written) + "}]}";
        CHECK(problems_of(document) == std::string("practices[0].site_id: ") + fault);
    }
    CHECK(problems_of(R"({"declared_at": "2025-01-15", "corrections": [{"site_id": 1e3, "field": "phone", "value": "0389123456"}]})") ==
          "corrections[0].site_id: expected an integer, got 1e3");
    CHECK(problems_of(practice_with(R"("opening_hours": [{"weekday": 8, "opens": "08:00", "closes": "12:00"},
                                                         {"weekday": 1.5, "opens": "08:00", "closes": "12:00"}])")) ==
          "practices[0].opening_hours[0].weekday: 8 is out of range (1 for Monday to 7 for Sunday)\n"
          "practices[0].opening_hours[1].weekday: expected an integer, got 1.5");
    CHECK(parse_declarations(R"({"declared_at": "2025-01-15", "practices": [{"practitioner_id": "10010018819",
                                 "site_id": 9223372036854775807}]})")
              .practices[0]
              .site_id == 9223372036854775807LL);
}

TEST_CASE("stores a French phone number as its 10 digits and refuses any other") {
    for (const std::string written : {"0389123456", "03 89 12 34 56", "03.89.12.34.56", "03-89-12-34-56", "+33389123456",
                                      "+33 3 89 12 34 56", "+33 (0)3 89 12 34 56", "0033 3 89 12 34 56", " 03 89 12 34 56 "}) {
        INFO(written);
        CHECK(checked_phone(written) == "0389123456");
    }
    CHECK(checked_phone("06 12 34 56 78") == "0612345678");
    CHECK(checked_phone("0262 12 34 56") == "0262123456");
    for (const std::string written : {"389123456", "03891234567", "0089123456", "+33 03 89 12 34 56", "+44 20 7946 0958",
                                      "03  89 12 34 56", "03 89 12 34 56.", "(03) 89 12 34 56", "03 89 12 34 5a", "+3338912345"}) {
        INFO(written);
        CHECK(mentions(refusal(checked_phone, written), "is not a French phone number"));
    }
    CHECK(mentions(problems_of(practice_with(R"("phone": "12")")), "practices[0].phone: '12' is not a French phone number"));
    CHECK(mentions(problems_of(R"({"declared_at": "2025-01-15", "corrections": [{"site_id": 1, "field": "phone", "value": "12"}]})"),
                   "corrections[0].value: '12' is not a French phone number"));
}

TEST_CASE("accepts e-mail addresses of ordinary syntax, and MSSanté addresses only under mssante.fr") {
    CHECK(checked_email("jean.dupont@medecin.mssante.fr", EmailKind::mssante) == "jean.dupont@medecin.mssante.fr");
    CHECK(checked_email("Cabinet.Vogel@CHU-Mulhouse.MSSante.fr", EmailKind::mssante) == "Cabinet.Vogel@CHU-Mulhouse.MSSante.fr");
    CHECK(checked_email("accueil+rdv@cabinet-vogel.fr", EmailKind::any) == "accueil+rdv@cabinet-vogel.fr");
    CHECK(mentions(refusal([](std::string_view v) { return checked_email(v, EmailKind::mssante); }, "jean@gmail.com"),
                   "is not an MSSanté address: its domain must end in .mssante.fr"));
    CHECK(mentions(refusal([](std::string_view v) { return checked_email(v, EmailKind::mssante); }, "jean@mssante.fr.evil.com"),
                   "is not an MSSanté address"));
    for (const std::string written : {"jean", "@exemple.fr", "jean@", "jean@exemple", "jean..d@exemple.fr", ".jean@exemple.fr",
                                      "jean dupont@exemple.fr", "jean@exemple..fr", "jean@-exemple.fr", "jean@exemple.f",
                                      "jean@exemple.123", "jean@[127.0.0.1]", "\"jean\"@exemple.fr", "jean@exem ple.fr",
                                      "jéan@exemple.fr", "a@b@exemple.fr"}) {
        INFO(written);
        CHECK(!refusal([](std::string_view v) { return checked_email(v, EmailKind::any); }, written).empty());
    }
    CHECK(mentions(problems_of(practitioner_with(R"("mssante_email": "jean.dupont@gmail.com")")),
                   "practitioners[0].mssante_email: 'jean.dupont@gmail.com' is not an MSSanté address"));
}

TEST_CASE("refuses invalid UTF-8 naming its line and byte, without echoing the byte") {
    const auto problems = problems_of("{\"declared_at\": \"2025-01-15\",\n \"declared_by\": \"ab\xff\"}");
    CHECK(problems == "document: line 2, byte 20: not valid UTF-8 (byte 0xFF); save the file as UTF-8");
    CHECK(problems.find('\xff') == std::string::npos);
    // Lone surrogates written as escapes cannot pass either.
    CHECK(mentions(problems_of(R"({"declared_at": "2025-01-15", "declared_by": "\ud800"})"), "document: not valid JSON"));
    CHECK(first_invalid_utf8("\xc0\xaf") == 0);          // overlong '/'
    CHECK(first_invalid_utf8("ab\xed\xa0\x80") == 2);    // a surrogate
    CHECK(first_invalid_utf8("é€😀") == std::string::npos);
}

TEST_CASE("refuses what is not one JSON object: syntax errors, other types, a field given twice, deep nesting") {
    CHECK(mentions(problems_of(R"({"declared_at": "2025-01-15",})"), "document: not valid JSON: parse error at line 1, column 30"));
    CHECK(mentions(problems_of(""), "document: not valid JSON"));
    CHECK(problems_of("[]") == "document: expected a JSON object, got an array");
    CHECK(problems_of(R"({"declared_at": "2025-01-15", "practices": {}})") == "practices: expected an array, got an object");
    CHECK(problems_of(R"({"declared_at": "2025-01-15", "practices": [3]})") == "practices[0]: expected an object, got 3");
    CHECK(problems_of(practice_with(R"("carte_vitale": true, "carte_vitale": false)")) ==
          "practices[0].carte_vitale: given twice in the same object");
    CHECK(problems_of(practice_with(R"("carte_vitale": "oui")")) ==
          "practices[0].carte_vitale: expected true or false, got the string 'oui'");
    CHECK(problems_of(R"({"declared_at": "2025-01-15", "x": [[[[[[[[1]]]]]]]]})") ==
          "x[0][0][0][0][0][0][0]: nested deeper than 8 levels");
}

TEST_CASE("declared_at is an ISO 8601 date or date-time with a zone, required on the entry or at the top") {
    for (const std::string written : {"2025-01-15", "2025-01-15T09:00:00Z", "2024-02-29T23:59:59.250+01:00", "2025-06-01T00:00:00-05:30"}) {
        INFO(written);
        CHECK(checked_date_time(written) == written);
    }
    for (const std::string written : {"2025-1-15", "15/01/2025", "2025-02-29", "2025-13-01", "2025-01-15T09:00", "2025-01-15T09:00:00",
                                      "2025-01-15T24:00:00Z", "2025-01-15 09:00:00Z", "2025-01-15T09:00:00+15:00", "yesterday"}) {
        INFO(written);
        CHECK(mentions(refusal(checked_date_time, written), "is not an ISO 8601 date or date-time"));
    }
    CHECK(problems_of(R"({"practices": [{"practitioner_id": "10010018819", "site_id": 1}]})") ==
          "practices[0].declared_at: required, on the entry or at the top of the document (2025-01-15T09:00:00Z)");
    // A wrong date at the top is reported once, not once per entry.
    CHECK(problems_of(R"({"declared_at": "hier", "practices": [{"practitioner_id": "10010018819", "site_id": 1},
                                                               {"practitioner_id": "10010018819", "site_id": 2}]})") ==
          "declared_at: 'hier' is not an ISO 8601 date or date-time (2025-01-15 or 2025-01-15T09:00:00Z)");
}

TEST_CASE("refuses unknown codes, codes listed twice, overlapping hours and entries declared twice") {
    CHECK(problems_of(practice_with(R"("conventionnement": "secteur_3")")) ==
          "practices[0].conventionnement: unknown value 'secteur_3' (did you mean 'secteur_1'?); known: secteur_1, secteur_2, "
          "secteur_2_optam, non_conventionne");
    CHECK(problems_of(practice_with(R"("acts": ["ecg", "ecg"])")) == "practices[0].acts[1]: 'ecg' is listed twice");
    CHECK(problems_of(practice_with(R"("opening_hours": [{"weekday": 2, "opens": "14:00", "closes": "18:00"},
                                                         {"weekday": 2, "opens": "08:00", "closes": "14:30"}])")) ==
          "practices[0].opening_hours[1]: overlaps opening_hours[0] on the same day");
    CHECK(problems_of(practice_with(R"("opening_hours": [{"weekday": 2, "opens": "14:00", "closes": "08:00"}])")) ==
          "practices[0].opening_hours[0]: opens (14:00) must be before closes (08:00)");
    json seven = json::array();  // 08:00-08:30, 09:00-09:30, ... 14:00-14:30
    for (const char* hour : {"08", "09", "10", "11", "12", "13", "14"}) {
        seven.push_back({{"weekday", 4}, {"opens", std::string(hour) + ":00"}, {"closes", std::string(hour) + ":30"}});
    }
    CHECK(problems_of(practice_with(R"("opening_hours": )" + seven.dump())) ==
          "practices[0].opening_hours: more than 6 intervals on weekday 4");
    CHECK(mentions(problems_of(R"({"declared_at": "2025-01-15", "practices": [
                                  {"practitioner_id": "10010018819", "site_id": 4}, {"practitioner_id": "10010018819", "site_id": 4}]})"),
                   "practices[1]: declares the practice of 10010018819 at site_id 4 again (first at practices[0])"));
    CHECK(mentions(problems_of(R"({"declared_at": "2025-01-15", "practitioners": [
                                  {"practitioner_id": "10010018819"}, {"practitioner_id": "10010018819"}]})"),
                   "practitioners[1]: declares practitioner 10010018819 again (first at practitioners[0])"));
    CHECK(problems_of(R"({"declared_at": "2025-01-15", "practices": [{"practitioner_id": "1001001881", "site_id": 4}]})") ==
          "practices[0].practitioner_id: '1001001881' is not an RPPS (11 digits) or ADELI (9 digits) identifier");
    CHECK(problems_of(R"({"declared_at": "2025-01-15", "practices": [{"practitioner_id": "10010018819", "site_id": 4, "site_key": "x"}]})") ==
          "practices[0]: give exactly one of site_key and site_id");
}

TEST_CASE("lists every problem of a document, up to 50, and counts the others") {
    const auto problems = problems_of(practice_with(R"("pmr_acess": true, "website": "x", "appointment_url": "javascript:x",
                                                       "phone": "12", "publics": ["enfant"])"));
    CHECK(problems == "practices[0].pmr_acess: unknown field (did you mean 'pmr_access'?)\n"
                      "practices[0].website: unknown field\n"
                      "practices[0].phone: '12' is not a French phone number: expected 10 digits starting with 0 "
                      "(03 89 12 34 56) or +33 and 9 digits (+33 3 89 12 34 56)\n"
                      "practices[0].appointment_url: 'javascript:' addresses are not accepted, only http:// and https:// ones\n"
                      "practices[0].publics[0]: unknown value 'enfant' (did you mean 'enfants'?); known: enfants, adolescents, "
                      "adultes, personnes_agees, handicap, precarite");
    std::string many = R"({"declared_at": "2025-01-15", "practices": [)";
    for (int i = 0; i < 60; ++i) many += std::string(i ? ", " : "") + R"({"practitioner_id": "10010018819", "site_id": 0})";
    many += "]}";
    try {
        parse_declarations(many);
        FAIL("accepted");
    } catch (const DeclarationError& error) {
        CHECK(error.problems().size() == kMaxListedProblems);
        CHECK(error.unlisted() == 10);
        CHECK(error.problems()[49].path == "practices[49].site_id");
        CHECK(mentions(error.what(), "\n... and 10 more problems"));
    }
}

TEST_CASE("messages show a refused value with its invisible characters escaped, cut after 60 characters") {
    CHECK(escaped("a\u202eb\x07\xff") == "a\\u202eb\\u0007\\xff");
    CHECK(escaped(std::string(70, 'x')) == std::string(60, 'x') + "...");
    CHECK(single_quoted("é") == "'é'");
}
