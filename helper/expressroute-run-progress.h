// SPDX-License-Identifier: GPL-2.0-only
#ifndef EXPRESSROUTE_RUN_PROGRESS_H
#define EXPRESSROUTE_RUN_PROGRESS_H

// Where a running simulation is, for a progress display: RunScenario reports it through
// RunOptions::progress about once per wall second; expressroute-sim draws it on a terminal. The
// helper formats; it writes nothing.

#include <cstdint>
#include <string>

namespace ns3
{
namespace expressroute
{

/// A snapshot of a running simulation. Simulator times include the control-plane warm-up.
struct RunProgress
{
    double simulatedSeconds{0}; ///< simulator time reached
    double warmupSeconds{0};    ///< warm-up before scenario time 0
    double plannedSeconds{0};   ///< scenario duration planned
    double endSeconds{0};       ///< simulator time at which the run stops (drain included)
    uint64_t events{0};         ///< simulator events executed so far
    double wallSeconds{0};      ///< wall time since the run started
};

/**
 * One line: "scenario time 12.0 s of 120 s (10%), 45.2k events/s, 0:04 elapsed, ETA 0:36"
 * ("warm-up 2.0 s of 5 s, ..." before scenario time 0). The ETA extrapolates the simulated
 * seconds per wall second so far.
 */
std::string FormatRunProgress(const RunProgress& progress);

} // namespace expressroute
} // namespace ns3

#endif // EXPRESSROUTE_RUN_PROGRESS_H
