// The driver of a fuzz target in the normal (GCC) build: feeds each file given, and each
// file under each directory given, to LLVMFuzzerTestOneInput once. It takes the same
// command line as a libFuzzer binary replaying a corpus (`-runs=0 DIR…`; options are
// ignored), so that CTest runs either one the same way. A crash or a failed property
// aborts the process: the test fails.
#include "fuzz_support.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>
#include <vector>

int main(int argc, char** argv) {
    namespace fs = std::filesystem;
    std::vector<fs::path> inputs;
    for (int i = 1; i < argc; ++i) {
        const std::string argument = argv[i];
        if (argument.starts_with("-")) continue;
        if (fs::is_directory(argument)) {
            for (const auto& entry : fs::recursive_directory_iterator(argument)) {
                if (entry.is_regular_file()) inputs.push_back(entry.path());
            }
        } else if (fs::is_regular_file(argument)) {
            inputs.emplace_back(argument);
        } else {
            std::cerr << argv[0] << ": '" << argument << "' is neither a file nor a directory\n";
            return 2;
        }
    }
    std::sort(inputs.begin(), inputs.end());
    for (const auto& path : inputs) {
        std::cout << "input " << path.string() << std::endl;  // flushed: names the input if it crashes
        std::ifstream file(path, std::ios::binary);
        const std::vector<char> bytes{std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>()};
        if (!file.good() && !file.eof()) {
            std::cerr << argv[0] << ": cannot read '" << path.string() << "'\n";
            return 2;
        }
        LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
    }
    std::cout << "replayed " << inputs.size() << " input(s) without a crash\n";
    return 0;
}
