// memview: look at any binary file through a struct-module format, using
// only libmemview's public C API over an mmap of the file.
#include "commands.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>
#include <unistd.h>

static const char TOP_HELP[] =
    "usage: memview <command> FILE [options]\n"
    "\n"
    "View a binary file through a struct-module format, zero-copy (a regular file\n"
    "is mapped, never read into a buffer). FILE may also be '-' (standard input),\n"
    "a pipe, /dev/stdin or <(command): those are read in chunks, each viewed by the\n"
    "same code. Commands:\n"
    "\n"
    "  hex    FILE [--offset N] [--length N] [--group N] [--width N] [--quiet]\n"
    "         hex dump, like xxd\n"
    "  dump   FILE --format FMT [--offset N] [--shape A,B] [--slice S:E:K] [--limit N] [--csv]\n"
    "         [--quiet]: the items as values, one per line (records as tuples)\n"
    "  stats  FILE --format FMT [--offset N] [--shape A,B] [--csv] [--threads N] [--quiet]\n"
    "         count, min, max, mean and standard deviation of each numeric field\n"
    "  info   FILE --format FMT [--offset N] [--shape A,B] [--slice S:E:K]\n"
    "         the view's layout: itemsize, shape, strides, nbytes, contiguity\n"
    "\n"
    "FMT is a Python struct format: '<f' (little-endian float32), '>i', 'd', '<Iff'\n"
    "(a record of uint32 and two float32), '4s', ... Numbers may be 0x-hex.\n"
    "A file that shrinks while it is read stops the command with \"'FILE' changed\n"
    "size while being read\" (exit status 1). When stderr is a terminal, long runs\n"
    "show a progress line there (--quiet: none).\n"
    "'memview <command> --help' describes a command; --version prints the version.\n";

int main(int argc, char **argv) {
    if (argc < 2) {
        std::fputs(TOP_HELP, stderr);
        return 2;
    }
    std::string sub = argv[1];
    if (sub == "-h" || sub == "--help" || sub == "help") {
        std::fputs(TOP_HELP, stdout);
        return 0;
    }
    if (sub == "--version") {
        std::printf("memview %s (libmemview %s)\n", MV_VERSION_STRING, mv_version(nullptr, nullptr, nullptr));
        return 0;
    }
    int (*cmd)(int, char **) = nullptr;
    if (sub == "hex") cmd = cli::cmd_hex;
    else if (sub == "dump") cmd = cli::cmd_dump;
    else if (sub == "stats") cmd = cli::cmd_stats;
    else if (sub == "info") cmd = cli::cmd_info;
    if (!cmd) {
        std::fprintf(stderr, "memview: unknown command '%s' (try: hex, dump, stats, info; see --help)\n",
                     sub.c_str());
        return 2;
    }
    // Large output blocks: dump and hex can print millions of lines.
    static char outbuf[1 << 16];
    if (!isatty(STDOUT_FILENO)) std::setvbuf(stdout, outbuf, _IOFBF, sizeof outbuf);
    int status = 0;
    try {
        status = cmd(argc - 2, argv + 2);
    } catch (const cli::Error &e) {
        std::fflush(stdout);
        std::fprintf(stderr, "memview: %s: %s\n", sub.c_str(), e.what());
        return e.status;
    } catch (const std::bad_alloc &) {
        std::fflush(stdout);
        std::fprintf(stderr, "memview: %s: out of memory\n", sub.c_str());
        return 1;
    }
    if (std::fflush(stdout) != 0 || std::ferror(stdout)) {
        std::fprintf(stderr, "memview: %s: cannot write the output: %s\n", sub.c_str(), std::strerror(errno));
        return 1;
    }
    return status;
}
