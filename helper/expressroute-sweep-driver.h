// SPDX-License-Identifier: GPL-2.0-only
#ifndef EXPRESSROUTE_SWEEP_DRIVER_H
#define EXPRESSROUTE_SWEEP_DRIVER_H

// The commands of expressroute-sweep (doc/sweeps.md), on top of the spec, grid, directory,
// runner, index and progress files: a local sweep, one grid point (a Slurm array task),
// --collect, --status, --dry-run and --emit-slurm.

#include "expressroute-sweep-options.h"

#include <iosfwd>
#include <string>

namespace ns3
{
namespace expressroute
{

/// Exit statuses of expressroute-sweep.
enum SweepExit
{
    kSweepOk = 0,            ///< every run completed (or the command succeeded)
    kSweepError = 1,         ///< bad spec, I/O error, directory in use
    kSweepUsage = 2,         ///< bad command line
    kSweepRunsFailed = 3,    ///< the sweep went through but some runs failed or timed out
    kSweepInterrupted = 130, ///< stopped by SIGINT/SIGTERM/SIGHUP: call again to resume
};

/**
 * Carries out @p options. Reports go to @p out, errors to @p err; the progress display writes
 * to file descriptor 2. @p selfPath: this program's path, to find expressroute-sim beside it
 * and to name it in the Slurm script. Returns a SweepExit.
 */
int RunSweepCommand(const SweepOptions& options,
                    const std::string& selfPath,
                    std::ostream& out,
                    std::ostream& err);

} // namespace expressroute
} // namespace ns3

#endif // EXPRESSROUTE_SWEEP_DRIVER_H
