// SPDX-License-Identifier: GPL-2.0-only
// expressroute-sweep: batch sweeps of a scenario, one expressroute-sim process per run, at most
// N at a time; resumable, indexed in SQLite, ready for Slurm job arrays. doc/sweeps.md.
#include "expressroute-sweep-driver.h"
#include "expressroute-sweep-options.h"

#include <iostream>
#include <limits.h>
#include <string>
#include <unistd.h>
#include <vector>

using namespace ns3::expressroute;

namespace
{

/// This program's own path (expressroute-sim is found beside it).
std::string
SelfPath(const char* argv0)
{
    char buf[PATH_MAX];
    const ssize_t n = ::readlink("/proc/self/exe", buf, sizeof(buf) - 1);
    return n > 0 ? std::string(buf, static_cast<std::size_t>(n)) : std::string(argv0);
}

} // namespace

int
main(int argc, char* argv[])
{
    SweepOptions options;
    try
    {
        options = ParseSweepOptions(std::vector<std::string>(argv + 1, argv + argc));
    }
    catch (const SweepUsageError& e)
    {
        std::cerr << "error: " << e.what() << "\n";
        return kSweepUsage;
    }
    return RunSweepCommand(options, SelfPath(argv[0]), std::cout, std::cerr);
}
