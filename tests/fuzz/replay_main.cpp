// Runs a fuzz harness over files, without libFuzzer: used by the regression
// ctests in every build (gcc included). Arguments are files or directories
// (every regular file inside, in name order). Exits non-zero if none ran.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

namespace fs = std::filesystem;

static int run_file(const fs::path &p) {
    std::ifstream in(p, std::ios::binary);
    std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    // Copy into an exact-size heap block so ASan sees any read past the end.
    std::vector<uint8_t> exact(bytes.begin(), bytes.end());
    exact.shrink_to_fit();
    LLVMFuzzerTestOneInput(exact.empty() ? nullptr : exact.data(), exact.size());
    return 1;
}

int main(int argc, char **argv) {
    int ran = 0;
    for (int a = 1; a < argc; ++a) {
        fs::path p(argv[a]);
        if (fs::is_directory(p)) {
            std::vector<fs::path> files;
            for (const auto &e : fs::directory_iterator(p))
                if (e.is_regular_file()) files.push_back(e.path());
            std::sort(files.begin(), files.end());
            for (const auto &f : files) ran += run_file(f);
        } else if (fs::is_regular_file(p)) {
            ran += run_file(p);
        } else {
            std::fprintf(stderr, "replay: %s: no such file or directory\n", argv[a]);
            return 2;
        }
    }
    std::printf("replay: %d inputs ran without a crash or failed property\n", ran);
    return ran > 0 ? 0 : 1;
}
