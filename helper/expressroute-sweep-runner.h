// SPDX-License-Identifier: GPL-2.0-only
#ifndef EXPRESSROUTE_SWEEP_RUNNER_H
#define EXPRESSROUTE_SWEEP_RUNNER_H

// One child process per run, at most N at a time (fork/exec, waitpid). Each child gets its own
// process group, so that a Ctrl-C at the terminal reaches the sweep alone and the sweep decides
// what becomes of its runs, and the parent-death signal SIGKILL, so that a sweep killed outright
// leaves no orphan writing into the sweep directory. A run past its timeout gets SIGTERM, then
// SIGKILL after a grace period. SIGINT, SIGTERM or SIGHUP of the sweep stops launching and
// terminates the children, which are reported as interrupted; a second one kills them at once.

#include <functional>
#include <string>
#include <sys/types.h>
#include <vector>

namespace ns3
{
namespace expressroute
{

/// A process to run.
struct ProcessSpec
{
    std::vector<std::string> argv; ///< argv[0] is the program's path
    std::string workDir;           ///< its working directory
    std::string stdoutPath;        ///< its standard output (truncated)
    std::string stderrPath;        ///< its standard error (truncated)
    double timeoutSeconds{0};      ///< 0: none
};

/// How a process ended.
enum class ProcessEnd
{
    Exited,      ///< exit() with exitCode
    Signalled,   ///< killed by a signal the pool did not send
    TimedOut,    ///< killed by the pool after its timeout
    Interrupted, ///< killed by the pool because the sweep was interrupted
};

/// The end of one process.
struct ProcessResult
{
    ProcessEnd end{ProcessEnd::Exited};
    int exitCode{0}; ///< with Exited
    int signal{0};   ///< the signal that ended it (all but Exited)
    double wallSeconds{0};
    pid_t pid{0};
};

/**
 * Catches SIGINT, SIGTERM and SIGHUP (and watches SIGCHLD) while it lives; the previous
 * handlers come back at destruction. Signal handlers can only reach process-wide state, so the
 * flag and the self-pipe they write to are static; at most one instance may exist at a time.
 */
class InterruptHandler
{
  public:
    InterruptHandler();
    ~InterruptHandler();
    InterruptHandler(const InterruptHandler&) = delete;
    InterruptHandler& operator=(const InterruptHandler&) = delete;

    /// How many interrupting signals arrived (0: none).
    static int GetCount();
    /// The last interrupting signal.
    static int GetSignal();
    /// Waits until a signal arrives or @p seconds pass.
    static void Wait(double seconds);
};

/// Runs processes, at most a given number at a time.
class ProcessPool
{
  public:
    using StartCallback = std::function<void(std::size_t index, pid_t pid)>;
    using EndCallback = std::function<void(std::size_t index, const ProcessResult& result)>;
    using TickCallback = std::function<void(std::size_t running)>;

    /// @p jobs: at most this many at once (>= 1); @p graceSeconds: SIGTERM to SIGKILL.
    explicit ProcessPool(unsigned jobs, double graceSeconds = 3.0);

    /**
     * Runs @p specs in order, at most jobs at a time; calls @p onStart after each fork, @p onEnd
     * after each reap and @p onTick every @p tickSeconds and after every change. Needs an
     * InterruptHandler alive. Returns false when interrupted: the children running then were
     * terminated and reported as Interrupted; the specs not started were not reported.
     */
    bool Run(const std::vector<ProcessSpec>& specs,
             const StartCallback& onStart,
             const EndCallback& onEnd,
             const TickCallback& onTick,
             double tickSeconds);

  private:
    unsigned m_jobs;
    double m_grace;
};

} // namespace expressroute
} // namespace ns3

#endif // EXPRESSROUTE_SWEEP_RUNNER_H
