// SPDX-License-Identifier: GPL-2.0-only
#ifndef EXPRESSROUTE_SWEEP_PROGRESS_H
#define EXPRESSROUTE_SWEEP_PROGRESS_H

// Progress of a sweep on standard error: on a terminal a live bar redrawn in place
// ("[#####.....] 9/18 done, 1 failed, 2 running, 0:12 elapsed, ETA 0:11"), elsewhere (a log
// file, CI, a Slurm job) the same facts as a plain line every few seconds. The ETA extrapolates
// the pace of the runs finished by this call.

#include <chrono>
#include <cstddef>
#include <string>

namespace ns3
{
namespace expressroute
{

/// Counts shown by the progress display.
struct ProgressCounts
{
    std::size_t total{0}; ///< runs in the sweep
    std::size_t done{0}; ///< runs finished (completed, failed or timed out), earlier calls included
    std::size_t failed{0};  ///< of which failed or timed out
    std::size_t running{0}; ///< runs in progress
};

/// "1:02:03" for 3723 s, "2:03" for 123 s.
std::string FormatClock(double seconds);

/**
 * One progress line: bar (when @p width > 0), counts, elapsed time and ETA. @p finishedHere:
 * runs finished by this call (the ETA needs at least one).
 */
std::string FormatProgress(const ProgressCounts& counts,
                           std::size_t finishedHere,
                           double elapsedSeconds,
                           int width);

/// The progress display of one call of the sweep.
class Progress
{
  public:
    /// @p terminal: redraw in place; otherwise a line every @p intervalSeconds.
    Progress(int fd, bool terminal, double intervalSeconds);

    /// Starts the clock; @p counts.done are the runs finished before this call.
    void Start(const ProgressCounts& counts);
    /// Shows @p counts if due (at most 5 times a second on a terminal).
    void Update(const ProgressCounts& counts);
    /// Shows the final counts and ends the line.
    void Finish(const ProgressCounts& counts);

  private:
    void Show(const ProgressCounts& counts, bool final);

    int m_fd;
    bool m_terminal;
    double m_interval;
    std::size_t m_doneAtStart{0};
    std::chrono::steady_clock::time_point m_start;
    std::chrono::steady_clock::time_point m_last;
    bool m_shown{false};
};

} // namespace expressroute
} // namespace ns3

#endif // EXPRESSROUTE_SWEEP_PROGRESS_H
