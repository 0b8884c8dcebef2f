#pragma once

#include <cstdint>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

// Command-line settings of nestbox-bench. parse() throws BenchError on a bad flag; --help sets `help`.
struct BenchOptions {
    std::filesystem::path server;   // nestboxd executable
    std::filesystem::path tmpParent; // the bench makes its temp dir inside
    std::string label;              // profile name printed with every figure, e.g. "sqlite"
    std::string dbUrl;              // passed to nestboxd as --db-url
    std::string redisUrl;           // passed to nestboxd as --redis-url
    std::vector<std::string> serverArgs;
    std::set<std::string> phases;   // rates me upload proof download big list
    bool quick = false;
    bool keep = false;
    bool help = false;

    std::uint64_t uploadSize = 1ULL << 30;  // chunked upload / proof / download file
    std::uint64_t bigSize = 4ULL << 30;     // RSS file
    std::uint64_t smallSize = 1ULL << 20;   // small proof file
    std::uint64_t writeRateSize = 1ULL << 30;
    std::uint64_t libraryFiles = 100000;
    std::uint64_t chunkSize = 0;            // 0: the server's default
    int parallelChunks = 4;
    int uploadReps = 3;
    int proofReps = 200;
    int listReps = 200;
    int fillConnections = 16;
    int meConnections = 16;
    double meSeconds = 5.0;
    double shaSeconds = 2.0;

    static BenchOptions parse(int argc, char** argv);
    static std::string usage();
    bool wants(const std::string& phase) const { return phases.count(phase) > 0; }
};
