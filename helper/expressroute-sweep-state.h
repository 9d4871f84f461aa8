// SPDX-License-Identifier: GPL-2.0-only
#ifndef EXPRESSROUTE_SWEEP_STATE_H
#define EXPRESSROUTE_SWEEP_STATE_H

// A sweep expanded into its points and runs, with what is known of each run: which runs are
// still to do, how a finished process is classified (completed, failed, timeout, interrupted),
// the command line that runs (and reproduces) each run, and the rows of the index. Shared by the
// commands of expressroute-sweep-driver.

#include "expressroute-sweep-directory.h"
#include "expressroute-sweep-grid.h"
#include "expressroute-sweep-index.h"
#include "expressroute-sweep-runner.h"
#include "expressroute-sweep-spec.h"

#include <cstddef>
#include <iosfwd>
#include <map>
#include <string>
#include <vector>

namespace ns3
{
namespace expressroute
{

/// A spec expanded into its points and runs.
struct Sweep
{
    SweepSpec spec;
    std::vector<SweepPoint> points;
    std::vector<SweepRun> runs;
};

/// Expands @p spec (assumed valid).
Sweep ExpandSweep(SweepSpec spec);

/// "27 runs (9 points x 3 runs)".
std::string DescribeShape(const Sweep& s);

/// The number of runs in each status.
class RunTally
{
  public:
    explicit RunTally(const std::vector<RunOutcome>& outcomes);
    std::size_t Of(RunStatus status) const;
    /// Failed and timed-out runs.
    std::size_t Broken() const { return Of(RunStatus::Failed) + Of(RunStatus::Timeout); }
    /// "16 completed, 1 failed, 1 timeout": completed always, the others when there are any.
    std::string Describe() const;

  private:
    std::map<RunStatus, std::size_t> m_count;
};

/// True when a run in this state is to be run: pending, running (a killed sweep's),
/// interrupted and damaged runs always, failed and timed-out ones only with @p retryFailed.
bool ShouldRun(const RunOutcome& outcome, bool retryFailed);

/// What the files say about every run of @p s, in order.
std::vector<RunOutcome> ReadOutcomes(const Sweep& s, const SweepDirectory& dir);

/**
 * Says on @p err, for each run whose files are damaged, which file and why, and @p then (what
 * happens to it). Returns the number of damaged runs.
 */
std::size_t ReportDamaged(const Sweep& s,
                          const std::vector<RunOutcome>& outcomes,
                          const std::string& then,
                          std::ostream& err);

/// What became of a run, from how its process ended and what it left on disk.
RunOutcome Classify(const ProcessResult& result, const SweepDirectory& dir, const std::string& key);

/// The simulator's arguments for a run, paths relative to the sweep directory (its working
/// directory): --scenario=inputs/<point>.json --out=runs/<run> --seed=S --run=R.
std::vector<std::string> SimArgv(const std::string& sim, const Sweep& s, const SweepRun& run);

/// @p argv as one shell command line.
std::string JoinCommand(const std::vector<std::string>& argv);

/// @p text quoted for a POSIX shell (unchanged when it needs no quotes).
std::string ShellQuote(const std::string& text);

/// "SIGSEGV" for 11.
std::string SignalName(int signal);

/// "failed, exit status 4 after 0.2 s", "timeout, SIGTERM after 60.0 s".
std::string DescribeEnd(const RunOutcome& outcome);

/// The last line of @p text.
std::string LastLine(const std::string& text);

/// The index row of a run (with the metrics of its summary.json when it completed).
IndexRow MakeRow(const Sweep& s,
                 const SweepRun& run,
                 const RunOutcome& outcome,
                 const SweepDirectory& dir,
                 const std::string& sim);

/// Rebuilds @p index from @p outcomes, with the headline columns of every point's scenario.
void RebuildIndex(SweepIndex& index,
                  const Sweep& s,
                  const SweepDirectory& dir,
                  const std::vector<RunOutcome>& outcomes,
                  const std::string& sim);

} // namespace expressroute
} // namespace ns3

#endif // EXPRESSROUTE_SWEEP_STATE_H
