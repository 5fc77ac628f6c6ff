// The main of the end-to-end tests. With --as-nobody, the run drives the binary as the
// unprivileged user nobody (the servers the tests start, and the least-privilege tests'
// commands): that needs root, and without it the run says it is skipped and exits 77,
// which CTest reports as skipped (SKIP_RETURN_CODE), not passed.
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include "process.hpp"

#include <sys/stat.h>

#include <cstring>
#include <iostream>
#include <vector>

int main(int argc, char** argv) {
    std::vector<char*> doctest_args;
    bool as_nobody = false;
    for (int i = 0; i < argc; ++i) {
        if (std::strcmp(argv[i], "--as-nobody") == 0) {
            as_nobody = true;
        } else {
            doctest_args.push_back(argv[i]);
        }
    }
    if (as_nobody) {
        if (!annuaire::testing::running_as_root()) {
            std::cout << "skipped: running the binary as nobody (setpriv) needs root\n";
            return 77;
        }
        annuaire::testing::set_servers_run_as_nobody(true);
        ::umask(022);  // what the tests write (e.g. --web files) nobody must read
    }
    doctest::Context context(static_cast<int>(doctest_args.size()), doctest_args.data());
    return context.run();
}
