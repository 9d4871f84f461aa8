// SPDX-License-Identifier: GPL-2.0-only
#ifndef EXPRESSROUTE_TEST_PROGRAMS_H
#define EXPRESSROUTE_TEST_PROGRAMS_H

// Running one of the build's programs as a user would, for the command-line tests.

#include "expressroute-test-paths.h"

#include <array>
#include <cstdio>
#include <string>
#include <sys/wait.h>

namespace ns3
{
namespace expressroute
{
namespace test
{

/// How a program ended.
struct Outcome
{
    int exitCode;       ///< its exit status, or 128 + the signal that ended it
    std::string output; ///< standard output and error
};

/// Runs @p command with the shell, its standard error with its output.
inline Outcome
RunShell(const std::string& command)
{
    const std::string cmd = command + " 2>&1";
    FILE* pipe = ::popen(cmd.c_str(), "r");
    std::string out;
    std::array<char, 4096> buf;
    while (pipe && std::fgets(buf.data(), buf.size(), pipe))
    {
        out += buf.data();
    }
    const int status = pipe ? ::pclose(pipe) : -1;
    return {WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status), out};
}

/// Runs "<program> <arguments>" from the build's bin/ folder.
inline Outcome
RunProgram(const std::string& args)
{
    return RunShell(std::string(EXPRESSROUTE_BIN_DIR) + "/" + args);
}

} // namespace test
} // namespace expressroute
} // namespace ns3

#endif // EXPRESSROUTE_TEST_PROGRAMS_H
