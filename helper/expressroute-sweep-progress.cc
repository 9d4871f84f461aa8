// SPDX-License-Identifier: GPL-2.0-only
#include "expressroute-sweep-progress.h"

#include "ns3/log.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <unistd.h>

namespace ns3
{
namespace expressroute
{

NS_LOG_COMPONENT_DEFINE("ExpressRouteSweepProgress");

namespace
{

using Clock = std::chrono::steady_clock;

/// A terminal redraw at most this often.
constexpr double kTerminalRefresh = 0.2;

void
WriteAll(int fd, const std::string& text)
{
    std::size_t off = 0;
    while (off < text.size())
    {
        const ssize_t n = ::write(fd, text.data() + off, text.size() - off);
        if (n <= 0)
        {
            return;
        }
        off += static_cast<std::size_t>(n);
    }
}

} // namespace

std::string
FormatClock(double seconds)
{
    const long s = std::lround(std::max(0.0, seconds));
    char buf[32];
    if (s >= 3600)
    {
        std::snprintf(buf, sizeof(buf), "%ld:%02ld:%02ld", s / 3600, (s / 60) % 60, s % 60);
    }
    else
    {
        std::snprintf(buf, sizeof(buf), "%ld:%02ld", s / 60, s % 60);
    }
    return buf;
}

std::string
FormatProgress(const ProgressCounts& c, std::size_t finishedHere, double elapsed, int width)
{
    std::string line;
    if (width > 0)
    {
        const int filled =
            c.total == 0 ? width : static_cast<int>(static_cast<double>(width) * c.done / c.total);
        line = "[" + std::string(filled, '#') + std::string(width - filled, '.') + "] ";
    }
    line += std::to_string(c.done) + "/" + std::to_string(c.total) + " done, " +
            std::to_string(c.failed) + " failed, " + std::to_string(c.running) + " running, " +
            FormatClock(elapsed) + " elapsed, ETA ";
    const std::size_t left = c.total > c.done ? c.total - c.done : 0;
    if (left == 0)
    {
        line += "0:00";
    }
    else if (finishedHere == 0)
    {
        line += "--:--";
    }
    else
    {
        line += FormatClock(elapsed / static_cast<double>(finishedHere) * left);
    }
    return line;
}

Progress::Progress(int fd, bool terminal, double intervalSeconds) :
    m_fd(fd),
    m_terminal(terminal),
    m_interval(intervalSeconds)
{
}

void
Progress::Start(const ProgressCounts& counts)
{
    m_doneAtStart = counts.done;
    m_start = Clock::now();
    m_last = m_start;
    Show(counts, false);
}

void
Progress::Update(const ProgressCounts& counts)
{
    const double since = std::chrono::duration<double>(Clock::now() - m_last).count();
    if (since >= (m_terminal ? kTerminalRefresh : m_interval))
    {
        Show(counts, false);
    }
}

void
Progress::Finish(const ProgressCounts& counts)
{
    Show(counts, true);
}

void
Progress::Show(const ProgressCounts& counts, bool final)
{
    m_last = Clock::now();
    const double elapsed = std::chrono::duration<double>(m_last - m_start).count();
    const std::size_t here = counts.done > m_doneAtStart ? counts.done - m_doneAtStart : 0;
    if (m_terminal)
    {
        // \r and erase-to-end-of-line: the bar is redrawn in place.
        WriteAll(m_fd,
                 "\r" + FormatProgress(counts, here, elapsed, 30) + "\033[K" + (final ? "\n" : ""));
    }
    else
    {
        WriteAll(m_fd, "sweep: " + FormatProgress(counts, here, elapsed, 0) + "\n");
    }
    m_shown = true;
}

} // namespace expressroute
} // namespace ns3
