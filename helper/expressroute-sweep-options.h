// SPDX-License-Identifier: GPL-2.0-only
#ifndef EXPRESSROUTE_SWEEP_OPTIONS_H
#define EXPRESSROUTE_SWEEP_OPTIONS_H

// The command line of expressroute-sweep. Not ns3::CommandLine: the sweep takes flags in both
// forms, "--status=DIR" and "--status DIR", and a flag whose value is optional.

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace ns3
{
namespace expressroute
{

/// What expressroute-sweep is asked to do.
enum class SweepMode
{
    Sweep,     ///< run the sweep locally (default)
    DryRun,    ///< list the runs, run nothing
    Status,    ///< report the state of a sweep directory
    EmitSlurm, ///< prepare the directory and write a Slurm job-array script
    Collect,   ///< rebuild the index from the runs on disk
    Point,     ///< run one grid point (a Slurm array task)
    Help,      ///< print the usage
};

/// The parsed command line.
struct SweepOptions
{
    SweepMode mode{SweepMode::Sweep};
    std::string spec;              ///< --spec=FILE
    std::string out;               ///< --out=DIR (or the value of --status / --collect)
    std::optional<unsigned> jobs;  ///< --jobs=N
    std::optional<uint32_t> point; ///< --point=I
    bool retryFailed{false};       ///< --retry-failed
    std::string sim;               ///< --sim=PATH ("" = next to expressroute-sweep)
    double progressInterval{10};   ///< --progress-interval=SECONDS (plain lines)
    std::string engine;            ///< --engine=packet|flow: the spec's "engine" ("" = as the spec)
};

/// A bad command line; what() names the flag.
class SweepUsageError : public std::runtime_error
{
  public:
    using std::runtime_error::runtime_error;
};

/// Parses argv[1..]. Throws SweepUsageError.
SweepOptions ParseSweepOptions(const std::vector<std::string>& args);

/// The usage text (--help).
std::string SweepUsage();

} // namespace expressroute
} // namespace ns3

#endif // EXPRESSROUTE_SWEEP_OPTIONS_H
