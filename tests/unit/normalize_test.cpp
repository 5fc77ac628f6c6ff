#include "text/normalize.hpp"

#include <doctest/doctest.h>
#include <utf8proc.h>

#include <cstdlib>
#include <memory>
#include <string>

using annuaire::text::fold;

namespace {

// utf8proc's whole-string normalisations, as an oracle for the NFKC contract of fold().
std::string normalized(const std::string& utf8, utf8proc_uint8_t* (*form)(const utf8proc_uint8_t*)) {
    const std::unique_ptr<utf8proc_uint8_t, decltype(&std::free)> result(
        form(reinterpret_cast<const utf8proc_uint8_t*>(utf8.c_str())), &std::free);
    REQUIRE(result);
    return reinterpret_cast<const char*>(result.get());
}

std::string utf8_of(utf8proc_int32_t code_point) {
    utf8proc_uint8_t bytes[4];
    const auto length = utf8proc_encode_char(code_point, bytes);
    return std::string(reinterpret_cast<const char*>(bytes), static_cast<std::size_t>(length));
}

}  // namespace

TEST_CASE("fold lower-cases and strips French diacritics") {
    CHECK(fold("Masseur-Kinésithérapeute") == "masseur kinesitherapeute");
    CHECK(fold("ÉCOLE Ça Où Noël Œuvre Straße") == "ecole ca ou noel oeuvre strasse");
    CHECK(fold("MEDDAH-LAÏD") == "meddah laid");
}

TEST_CASE("fold turns punctuation and apostrophes into single spaces") {
    CHECK(fold("  l'Île--d'Yeu  ") == "l ile d yeu");
    CHECK(fold("12, rue du Sauvage") == "12 rue du sauvage");
    CHECK(fold("") == "");
    CHECK(fold("---") == "");
}

TEST_CASE("words splits the folded text") {
    const auto w = annuaire::text::words("Saint-Louis (68300)");
    REQUIRE(w.size() == 3);
    CHECK(w[0] == "saint");
    CHECK(w[2] == "68300");
}

TEST_CASE("is_valid_utf8 rejects Latin-1 bytes and overlong forms") {
    CHECK(annuaire::text::is_valid_utf8("Médecin"));
    CHECK_FALSE(annuaire::text::is_valid_utf8("M\xE9" "decin"));
    CHECK_FALSE(annuaire::text::is_valid_utf8("\xC0\xAF"));
    CHECK_FALSE(annuaire::text::is_valid_utf8("\xED\xA0\x80"));
    CHECK(annuaire::text::is_valid_utf8("\xEF\xBF\xBD"));
}

TEST_CASE("windows1252_to_utf8 converts accented letters and the euro sign") {
    CHECK(annuaire::text::windows1252_to_utf8("M\xE9" "decin") == "Médecin");
    CHECK(annuaire::text::windows1252_to_utf8("\x80 \x9C") == "€ œ");
}

TEST_CASE("fold reads composed and decomposed accents alike") {
    // é as one code point (U+00E9) and as e + U+0301; Ç and ş with a combining cedilla.
    CHECK(fold("\xC3\xA9" "cole") == "ecole");
    CHECK(fold("e\xCC\x81" "cole") == "ecole");
    CHECK(fold("He\xCC\x81le\xCC\x80ne") == fold("Hélène"));
    CHECK(fold("C\xCC\xA7" "ELIK Ays\xCC\xA7" "e") == "celik ayse");
    // A mark that composes with nothing is still an accent, not a word break.
    CHECK(fold("x\xCC\x81yz") == "xyz");
}

TEST_CASE("fold reads fullwidth letters and digits as plain ones") {
    CHECK(fold("Ｍｕｌｈｏｕｓｅ") == "mulhouse");
    CHECK(fold("６８１００") == "68100");
}

TEST_CASE("fold splits the fi and fl ligatures into their letters") {
    CHECK(fold("\xEF\xAC\x81lle") == "fille");           // U+FB01
    CHECK(fold("\xEF\xAC\x82" "eur") == "fleur");        // U+FB02
    CHECK(fold("k\xC3\xA9" "\xEF\xAC\x81n") == "kefin");
}

TEST_CASE("fold turns no-break and thin spaces into word breaks") {
    CHECK(fold("Saint\xC2\xA0Louis") == "saint louis");       // U+00A0 no-break space
    CHECK(fold("12\xE2\x80\xAF" "rue") == "12 rue");           // U+202F narrow no-break space
    CHECK(fold("Le\xE2\x80\x89Pr\xC3\xA9") == "le pre");       // U+2009 thin space
    CHECK(fold("Colmar\xE3\x80\x80" "68000") == "colmar 68000");  // U+3000 ideographic space
}

TEST_CASE("fold reads superscript digits and letters as plain ones") {
    CHECK(fold("m\xC2\xB2") == "m2");                  // ²
    CHECK(fold("x\xC2\xB3 \xC2\xB9") == "x3 1");       // ³ ¹
    CHECK(fold("1\xE1\xB5\x89\xCA\xB3") == "1er");     // 1ᵉʳ
}

TEST_CASE("fold drops soft hyphens and zero-width joiners inside a word") {
    CHECK(fold("m\xC3\xA9" "de\xC2\xAD" "cin") == "medecin");   // U+00AD soft hyphen
    CHECK(fold("kin\xE2\x80\x8D" "e") == "kine");               // U+200D zero-width joiner
}

TEST_CASE("fold of text with no letter or digit is empty") {
    CHECK(fold("-") == "");
    CHECK(fold("\xF0\x9F\x98\x80") == "");                 // 😀
    CHECK(fold("\xE2\x9D\xA4\xEF\xB8\x8F") == "");         // ❤️ with its variation selector
    CHECK(fold(std::string_view("\0", 1)) == "");
    CHECK(fold("\xC2\xA0\xE2\x80\x94 \xC2\xAB \xC2\xBB \xE2\x80\xA6 \xC2\xB0") == "");  // NBSP — « » … °
    CHECK(fold("\xCC\x81\xCC\xA7") == "");                  // combining marks alone
    CHECK(annuaire::text::words("\xF0\x9F\x91\x8D !?").empty());
}

TEST_CASE("fold keeps invalid bytes as word breaks") {
    CHECK(fold("abc\xFF" "def") == "abc def");
    CHECK(fold("M\xE9" "decin") == "m decin");
    CHECK(fold("abc\xE2\x82") == "abc");                    // truncated sequence
}

TEST_CASE("fold gives the same words for a text and for its NFC, NFD, NFKC and NFKD forms") {
    for (const std::string text : {"Ｍａｒｉｅ－Ｈéｌèｎｅ", "ﬁdèle Œuvre ǅemal", "Ŀ coŀlegi ŉ", "Å Ω K ﬀ ½ ㎡",
                                   "Straße ẞ İstanbul ǲ", "№ 3 ⅻ ⑫ ⒜", "Ǽ ǣ Ǻ ẹ ő"}) {
        INFO(text);
        const auto folded = fold(text);
        CHECK(!folded.empty());
        for (const auto form : {utf8proc_NFC, utf8proc_NFD, utf8proc_NFKC, utf8proc_NFKD}) {
            CHECK(fold(normalized(text, form)) == folded);
        }
    }
    CHECK(fold("Ǽ ǣ Ǻ ẹ ő") == "ae ae a e o");
    CHECK(fold("coŀlegi") == fold("col·legi"));   // NFKC: ŀ is l followed by a middle dot
}

TEST_CASE("fold gives the same words for every code point, alone or inside a word, as for its NFKC and NFD forms") {
    std::size_t checked = 0, failed = 0;
    for (utf8proc_int32_t code_point = 1; code_point <= 0x10FFFF; ++code_point) {
        if (code_point >= 0xD800 && code_point <= 0xDFFF) continue;
        const std::string alone = utf8_of(code_point);
        for (const std::string& text : {alone, "a" + alone + "b"}) {
            const auto folded = fold(text);
            for (const auto form : {utf8proc_NFKC, utf8proc_NFD}) {
                ++checked;
                if (fold(normalized(text, form)) != folded) {
                    if (++failed <= 10) FAIL_CHECK("U+" << std::hex << code_point << ": '" << folded << "'");
                }
            }
        }
    }
    CHECK(failed == 0);
    CHECK(checked > 4'000'000);
}
