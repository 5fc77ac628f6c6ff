// fold-bench: throughput of text::fold on the texts the search index folds at server
// start, taken from an RPPS extract (the m2A sample or a generated national one).
//
//   fold-bench EXTRACT [--strings N] [--runs R]
//
// Per line of the extract, three texts as the index builds them: the name ("NOM Prénom"),
// the site ("ENSEIGNE RAISON SOCIALE Rue LIBELLE VOIE") and the commune ("COMMUNE 68100").
// They are folded in a loop until N strings (default 3,000,000) have been folded, R times
// (default 5; the fastest run counts, in CPU time of the thread: the host is shared),
// as written in the extract, then decomposed (NFD, the accents as combining marks, which
// take the slower path), then the same two for the texts with a non-ASCII character alone.
#include "text/normalize.hpp"

#include <utf8proc.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <iostream>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

using annuaire::text::fold;

std::vector<std::string> split(const std::string& line) {
    std::vector<std::string> fields;
    std::size_t start = 0;
    while (true) {
        const auto end = line.find('|', start);
        fields.push_back(line.substr(start, end == std::string::npos ? std::string::npos : end - start));
        if (end == std::string::npos) return fields;
        start = end + 1;
    }
}

std::size_t column(const std::vector<std::string>& header, const std::string& name) {
    const auto found = std::find(header.begin(), header.end(), name);
    if (found == header.end()) throw std::runtime_error("the extract has no column '" + name + "'");
    return static_cast<std::size_t>(found - header.begin());
}

std::vector<std::string> texts_of(const std::string& path, std::size_t max_lines) {
    std::ifstream in(path);
    if (!in) throw std::runtime_error("cannot read '" + path + "'");
    std::string line;
    if (!std::getline(in, line)) throw std::runtime_error("'" + path + "' is empty");
    const auto header = split(line);
    const std::size_t last = column(header, "Nom d'exercice"), first = column(header, "Prénom d'exercice");
    const std::size_t trade = column(header, "Enseigne commerciale site"), company = column(header, "Raison sociale site");
    const std::size_t type = column(header, "Libellé type de voie (coord. structure)");
    const std::size_t street = column(header, "Libellé Voie (coord. structure)");
    const std::size_t commune = column(header, "Libellé commune (coord. structure)");
    const std::size_t postcode = column(header, "Code postal (coord. structure)");
    std::vector<std::string> texts;
    for (std::size_t read = 0; read < max_lines && std::getline(in, line); ++read) {
        const auto f = split(line);
        if (f.size() < header.size()) continue;
        texts.push_back(f[last] + " " + f[first]);
        texts.push_back(f[trade] + " " + f[company] + " " + f[type] + " " + f[street]);
        texts.push_back(f[commune] + " " + f[postcode]);
    }
    if (texts.empty()) throw std::runtime_error("'" + path + "' has no data line");
    return texts;
}

std::string decomposed(const std::string& utf8) {
    const std::unique_ptr<utf8proc_uint8_t, decltype(&std::free)> nfd(
        utf8proc_NFD(reinterpret_cast<const utf8proc_uint8_t*>(utf8.c_str())), &std::free);
    if (!nfd) throw std::runtime_error("utf8proc could not decompose '" + utf8 + "'");
    return reinterpret_cast<const char*>(nfd.get());
}

// CPU time rather than wall clock: on a shared host, waiting for a core is not folding.
double thread_cpu_seconds() {
    timespec now{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) / 1e9;
}

struct Figures {
    double seconds = 0;
    std::size_t bytes_in = 0;
    std::size_t bytes_out = 0;
};

Figures measure(const std::vector<std::string>& texts, std::size_t strings, int runs) {
    Figures best;
    for (int run = 0; run < runs; ++run) {
        Figures figures;
        const double start = thread_cpu_seconds();
        for (std::size_t i = 0; i < strings; ++i) {
            const auto& text = texts[i % texts.size()];
            figures.bytes_in += text.size();
            figures.bytes_out += fold(text).size();
        }
        figures.seconds = thread_cpu_seconds() - start;
        if (run == 0 || figures.seconds < best.seconds) best = figures;
    }
    return best;
}

void report(const char* label, const Figures& f, std::size_t strings) {
    std::printf("%-24s %9zu strings %7.1f MB in %6.3f s CPU: %6.2f M strings/s, %6.1f MB/s\n", label, strings,
                static_cast<double>(f.bytes_in) / 1e6, f.seconds, static_cast<double>(strings) / f.seconds / 1e6,
                static_cast<double>(f.bytes_in) / f.seconds / 1e6);
}

}  // namespace

int main(int argc, char** argv) {
    try {
        const std::vector<std::string> args(argv + 1, argv + argc);
        if (args.empty() || args[0].rfind("--", 0) == 0) {
            std::cerr << "usage: fold-bench EXTRACT [--strings N] [--runs R]\n";
            return 2;
        }
        std::size_t strings = 3'000'000;
        int runs = 5;
        for (std::size_t i = 1; i + 1 < args.size(); i += 2) {
            if (args[i] == "--strings") strings = std::stoul(args[i + 1]);
            else if (args[i] == "--runs") runs = std::max(1, std::stoi(args[i + 1]));
            else throw std::runtime_error("unknown option '" + args[i] + "'");
        }
        // Enough lines to leave the caches (a million lines of a national extract give 3 M texts).
        const auto texts = texts_of(args[0], 1'000'000);
        std::vector<std::string> nfd, accented, accented_nfd;
        nfd.reserve(texts.size());
        std::size_t same = 0;
        for (const auto& text : texts) {
            nfd.push_back(decomposed(text));
            same += fold(text) == fold(nfd.back());
            if (std::any_of(text.begin(), text.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; })) {
                accented.push_back(text);
                accented_nfd.push_back(nfd.back());
            }
        }
        std::printf("%zu texts, %zu with a non-ASCII character; folded alike as written and decomposed: %zu\n",
                    texts.size(), accented.size(), same);
        report("as written:", measure(texts, strings, runs), strings);
        report("decomposed (NFD):", measure(nfd, strings, runs), strings);
        if (!accented.empty()) {
            report("non-ASCII ones:", measure(accented, strings, runs), strings);
            report("non-ASCII ones, NFD:", measure(accented_nfd, strings, runs), strings);
        }
        return 0;
    } catch (const std::exception& error) {
        std::cerr << "fold-bench: " << error.what() << "\n";
        return 1;
    }
}
