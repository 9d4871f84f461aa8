// SPDX-License-Identifier: GPL-2.0-only
#include "expressroute-sweep-runner.h"

#include "ns3/assert.h"
#include "ns3/log.h"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

namespace ns3
{
namespace expressroute
{

NS_LOG_COMPONENT_DEFINE("ExpressRouteSweepRunner");

namespace
{

using Clock = std::chrono::steady_clock;

// Process-wide by necessity: a signal handler reaches nothing else (see InterruptHandler).
volatile sig_atomic_t g_count = 0;
volatile sig_atomic_t g_signal = 0;
int g_pipe[2] = {-1, -1};
bool g_installed = false;
const int kSignals[] = {SIGINT, SIGTERM, SIGHUP, SIGCHLD};
struct sigaction g_previous[4];

void
OnSignal(int sig)
{
    const int saved = errno;
    if (sig != SIGCHLD)
    {
        g_count = g_count + 1;
        g_signal = sig;
    }
    if (g_pipe[1] >= 0)
    {
        const char c = 0;
        [[maybe_unused]] auto n = ::write(g_pipe[1], &c, 1);
    }
    errno = saved;
}

double
SecondsSince(Clock::time_point t)
{
    return std::chrono::duration<double>(Clock::now() - t).count();
}

/// A child being run.
struct Child
{
    std::size_t index{0};
    pid_t pid{0};
    Clock::time_point start;
    double timeout{0};
    bool terminating{false};
    bool killed{false};
    ProcessEnd reason{ProcessEnd::Exited};
    Clock::time_point killAt;
};

/// Writes a message to fd 2 from the child between fork and exec (async-signal-safe).
void
ChildFail(const char* what, const char* arg)
{
    const char* parts[] = {
        "expressroute-sweep: cannot ", what, " ", arg, ": ", std::strerror(errno), "\n"};
    for (const char* p : parts)
    {
        [[maybe_unused]] auto n = ::write(2, p, std::strlen(p));
    }
    ::_exit(127);
}

pid_t
Launch(const ProcessSpec& spec)
{
    NS_ASSERT_MSG(!spec.argv.empty(), "a process needs a program");
    std::vector<char*> argv;
    for (const auto& a : spec.argv)
    {
        argv.push_back(const_cast<char*>(a.c_str()));
    }
    argv.push_back(nullptr);
    const pid_t parent = ::getpid();
    const pid_t pid = ::fork();
    if (pid < 0)
    {
        throw std::runtime_error(std::string("fork failed: ") + std::strerror(errno));
    }
    if (pid == 0)
    {
        // Only async-signal-safe calls from here to exec.
        for (int sig : kSignals)
        {
            ::signal(sig, SIG_DFL);
        }
        ::setpgid(0, 0);
        ::prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (::getppid() != parent)
        {
            ::_exit(127); // the sweep died before prctl: do not run unattended
        }
        const int in = ::open("/dev/null", O_RDONLY);
        const int out = ::open(spec.stdoutPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        const int err = ::open(spec.stderrPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (in < 0 || out < 0 || err < 0)
        {
            ChildFail("open the log files of", spec.argv[0].c_str());
        }
        ::dup2(in, 0);
        ::dup2(out, 1);
        ::dup2(err, 2);
        if (!spec.workDir.empty() && ::chdir(spec.workDir.c_str()) != 0)
        {
            ChildFail("enter", spec.workDir.c_str());
        }
        ::execv(argv[0], argv.data());
        ChildFail("execute", argv[0]);
    }
    ::setpgid(pid, pid); // also from the parent: no race with a signal sent right away
    return pid;
}

void
Terminate(Child& child, ProcessEnd reason, double grace)
{
    if (child.terminating)
    {
        return;
    }
    NS_LOG_INFO("terminate pid=" << child.pid << " reason=" << static_cast<int>(reason));
    child.terminating = true;
    child.reason = reason;
    child.killAt = Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                      std::chrono::duration<double>(grace));
    ::kill(-child.pid, SIGTERM);
}

void
Kill(Child& child)
{
    if (!child.killed)
    {
        child.killed = true;
        ::kill(-child.pid, SIGKILL);
    }
}

} // namespace

InterruptHandler::InterruptHandler()
{
    NS_ASSERT_MSG(!g_installed, "only one InterruptHandler at a time");
    if (::pipe2(g_pipe, O_NONBLOCK | O_CLOEXEC) != 0)
    {
        throw std::runtime_error(std::string("pipe failed: ") + std::strerror(errno));
    }
    g_count = 0;
    g_signal = 0;
    struct sigaction sa = {};
    sa.sa_handler = OnSignal;
    sigemptyset(&sa.sa_mask);
    for (std::size_t i = 0; i < 4; ++i)
    {
        sa.sa_flags = SA_RESTART | (kSignals[i] == SIGCHLD ? SA_NOCLDSTOP : 0);
        ::sigaction(kSignals[i], &sa, &g_previous[i]);
    }
    g_installed = true;
}

InterruptHandler::~InterruptHandler()
{
    for (std::size_t i = 0; i < 4; ++i)
    {
        ::sigaction(kSignals[i], &g_previous[i], nullptr);
    }
    ::close(g_pipe[0]);
    ::close(g_pipe[1]);
    g_pipe[0] = g_pipe[1] = -1;
    g_installed = false;
}

int
InterruptHandler::GetCount()
{
    return g_count;
}

int
InterruptHandler::GetSignal()
{
    return g_signal;
}

void
InterruptHandler::Wait(double seconds)
{
    struct pollfd p = {g_pipe[0], POLLIN, 0};
    const int ms = static_cast<int>(std::clamp(seconds, 0.0, 60.0) * 1000.0) + 1;
    ::poll(&p, 1, ms);
    char buf[64];
    while (::read(g_pipe[0], buf, sizeof(buf)) > 0)
    {
    }
}

ProcessPool::ProcessPool(unsigned jobs, double graceSeconds) :
    m_jobs(std::max(1u, jobs)),
    m_grace(graceSeconds)
{
}

bool
ProcessPool::Run(const std::vector<ProcessSpec>& specs,
                 const StartCallback& onStart,
                 const EndCallback& onEnd,
                 const TickCallback& onTick,
                 double tickSeconds)
{
    NS_ASSERT_MSG(g_installed, "ProcessPool::Run needs an InterruptHandler");
    std::vector<Child> running;
    std::size_t next = 0;
    bool interrupted = false;
    auto lastTick = Clock::now();
    bool changed = true;
    while (true)
    {
        // Reap first, so that a freed slot is refilled in the same round.
        for (auto it = running.begin(); it != running.end();)
        {
            int status = 0;
            const pid_t r = ::waitpid(it->pid, &status, WNOHANG);
            if (r != it->pid)
            {
                ++it;
                continue;
            }
            ProcessResult result;
            result.pid = it->pid;
            result.wallSeconds = SecondsSince(it->start);
            if (WIFEXITED(status))
            {
                result.exitCode = WEXITSTATUS(status);
            }
            else if (WIFSIGNALED(status))
            {
                result.end = ProcessEnd::Signalled;
                result.signal = WTERMSIG(status);
            }
            if (it->terminating && !(WIFEXITED(status) && result.exitCode == 0))
            {
                result.end = it->reason;
            }
            const std::size_t index = it->index;
            it = running.erase(it);
            onEnd(index, result);
            changed = true;
        }
        if (InterruptHandler::GetCount() > 0 && !interrupted)
        {
            interrupted = true;
            for (auto& child : running)
            {
                Terminate(child, ProcessEnd::Interrupted, m_grace);
            }
        }
        if (InterruptHandler::GetCount() > 1)
        {
            for (auto& child : running)
            {
                Kill(child);
            }
        }
        while (!interrupted && running.size() < m_jobs && next < specs.size())
        {
            Child child;
            child.index = next;
            child.pid = Launch(specs[next]);
            child.start = Clock::now();
            child.timeout = specs[next].timeoutSeconds;
            running.push_back(child);
            onStart(next, child.pid);
            ++next;
            changed = true;
        }
        if (running.empty() && (interrupted || next == specs.size()))
        {
            break;
        }
        // Timeouts: SIGTERM at the deadline, SIGKILL after the grace period.
        double wait = std::max(0.0, tickSeconds - SecondsSince(lastTick));
        for (auto& child : running)
        {
            const double age = SecondsSince(child.start);
            if (!child.terminating && child.timeout > 0)
            {
                if (age >= child.timeout)
                {
                    Terminate(child, ProcessEnd::TimedOut, m_grace);
                }
                else
                {
                    wait = std::min(wait, child.timeout - age);
                }
            }
            if (child.terminating && !child.killed)
            {
                const double left =
                    std::chrono::duration<double>(child.killAt - Clock::now()).count();
                if (left <= 0)
                {
                    Kill(child);
                }
                else
                {
                    wait = std::min(wait, left);
                }
            }
        }
        if (changed || SecondsSince(lastTick) >= tickSeconds)
        {
            onTick(running.size());
            lastTick = Clock::now();
            changed = false;
        }
        InterruptHandler::Wait(wait);
    }
    onTick(0);
    return !interrupted;
}

} // namespace expressroute
} // namespace ns3
