#pragma once

#include <stdexcept>
#include <string>

// A benchmark step that could not be carried out (server answered unexpectedly, I/O failed).
// The message names the request, what was expected and what came back.
class BenchError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};
