// SPDX-License-Identifier: GPL-2.0-only
#ifndef EXPRESSROUTE_SWEEP_SLURM_H
#define EXPRESSROUTE_SWEEP_SLURM_H

// The Slurm job-array script of a sweep (expressroute-sweep --emit-slurm, doc/sweeps.md): task
// i runs grid point i through the same binary (expressroute-sweep --out=DIR --point=i), which
// skips finished runs, so that the array can be submitted again; --collect merges the results.

#include <cstdint>
#include <optional>
#include <string>

namespace ns3
{
namespace expressroute
{

/// What the script needs to know.
struct SlurmScriptOptions
{
    std::string name;                 ///< sweep name (the job is er-sweep-<name>)
    std::string shape;                ///< "27 runs (9 points x 3 runs)", for the header comment
    std::string sweepBinary;          ///< absolute path of expressroute-sweep
    std::string directory;            ///< absolute path of the sweep directory
    std::string sim;                  ///< --sim to pass on ("" = the default)
    uint32_t points{1};               ///< array size
    uint32_t runsPerPoint{1};         ///< runs each task runs one after the other
    double timeoutSeconds{3600};      ///< per run
    std::optional<unsigned> throttle; ///< at most this many tasks at a time (%N)
    bool retryFailed{false};          ///< pass --retry-failed on
};

/// The sbatch script. Its --time covers a point's runs at their timeout, each with the
/// SIGTERM-to-SIGKILL grace, plus start-up.
std::string FormatSlurmScript(const SlurmScriptOptions& options);

} // namespace expressroute
} // namespace ns3

#endif // EXPRESSROUTE_SWEEP_SLURM_H
