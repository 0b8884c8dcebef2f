#pragma once

#include <fstream>
#include <map>
#include <string>

// KEY=VALUE lines of a service env file (tests/services/*.sh write them: endpoints, keys).
// Shared by the S3 and tiered benches, which read the Ceph env file of the RGW they run against.
inline std::map<std::string, std::string> readEnvFile(const std::string& path)
{
    std::map<std::string, std::string> env;
    std::ifstream in(path);
    std::string line;
    while (std::getline(in, line)) {
        const auto eq = line.find('=');
        if (eq != std::string::npos)
            env[line.substr(0, eq)] = line.substr(eq + 1);
    }
    return env;
}
