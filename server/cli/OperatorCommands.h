#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace nestbox::server {

struct Services;

// The operator sub-commands of nestboxd (user add|list|passwd|disable, gc, fsck). Each
// prints what it did to `out` and returns the process exit code. Passwords are read from
// `in` (one line), never from the command line, where `ps` would show them.
class OperatorCommands {
public:
    OperatorCommands(Services& services, std::istream& in, std::ostream& out, std::ostream& err);

    int user(const std::vector<std::string>& args, bool admin, long long quota);
    int thumbnails(const std::vector<std::string>& args);
    int jobs(const std::vector<std::string>& args);
    int transfer(const std::vector<std::string>& args);
    int gc();
    int fsck();

private:
    std::string readPassword();

    Services& _services;
    std::istream& _in;
    std::ostream& _out;
    std::ostream& _err;
};

} // namespace nestbox::server
