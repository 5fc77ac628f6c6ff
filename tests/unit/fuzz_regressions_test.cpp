// Inputs that once crashed a parser (found by the fuzz targets of tests/fuzz/, or by reading
// the code they run), kept in tests/fuzz/regressions/TARGET/ and fed again to the same
// function here, with the behaviour it must have instead.
#include "http/request_parser.hpp"
#include "owner/declarations.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <pthread.h>

#include <fstream>
#include <functional>
#include <iterator>
#include <string>

namespace {

std::string regression_input(const std::string& target, const std::string& name) {
    const std::string path = ANNUAIRE_SOURCE_DIR "/tests/fuzz/regressions/" + target + "/" + name;
    std::ifstream file(path, std::ios::binary);
    REQUIRE_MESSAGE(file, "cannot read " << path);
    return {std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>()};
}

// Runs `work` on a thread with a 256 KB stack: a recursion as deep as the input nests then
// crashes on this small file, not only on the far larger ones that would exhaust 8 MB.
void on_small_stack(const std::function<void()>& work) {
    pthread_attr_t attributes;
    pthread_attr_init(&attributes);
    pthread_attr_setstacksize(&attributes, 256 * 1024);
    pthread_t thread;
    const auto run = [](void* argument) -> void* {
        (*static_cast<const std::function<void()>*>(argument))();
        return nullptr;
    };
    const int created = pthread_create(&thread, &attributes, run, const_cast<std::function<void()>*>(&work));
    pthread_attr_destroy(&attributes);
    REQUIRE(created == 0);
    pthread_join(thread, nullptr);
}

}  // namespace

TEST_CASE("refuses declared acts nested 10,000 deep with a message naming the entry, without recursing that deep") {
    const auto document = regression_input("declarations", "acts-nested-10000-deep.json");
    std::string message;
    on_small_stack([&] {
        try {
            annuaire::owner::parse_declarations(document);
        } catch (const annuaire::owner::DeclarationError& error) {
            message = error.what();
        }
    });
    CHECK(message.rfind("practices[0].acts", 0) == 0);
    CHECK(message.find("nested deeper than 8 levels") != std::string::npos);
}

TEST_CASE("closes an HTTP/1.0 connection whose client lists both close and keep-alive") {
    // GET / HTTP/1.0 with "Connection:close,keep-alive": keep-alive, listed last, won.
    const auto text = regression_input("request_head", "http10-connection-close-and-keep-alive");
    annuaire::http::HeadScan scan;
    const auto parsed = annuaire::http::parse_request_head(text, scan, {});
    REQUIRE(parsed.complete);
    CHECK(parsed.head.minor_version == 0);
    CHECK_FALSE(parsed.head.keep_alive);
}
