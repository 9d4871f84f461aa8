// SPDX-License-Identifier: GPL-2.0-only
#include "expressroute-run-directory.h"

#include "ns3/log.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>
#include <vector>

namespace ns3
{
namespace expressroute
{

NS_LOG_COMPONENT_DEFINE("ExpressRouteRunDirectory");

namespace fs = std::filesystem;

namespace
{

/// Output reaches the file in pieces of at least this size (whole rows).
constexpr std::size_t kBufferBytes = 64 * 1024;

std::string
HostName()
{
    char name[256] = {};
    return ::gethostname(name, sizeof(name) - 1) == 0 ? name : "unknown";
}

bool
IsAlive(long pid)
{
    return pid > 0 && (::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM);
}

/// Whether process @p pid of this host runs and could be @p program. A zombie has ended (a
/// killed process waits as one until reaped), and a process whose name (Linux
/// /proc/<pid>/comm, at most 15 characters) is not the program's took over the id.
bool
IsRunning(long pid, const std::string& program)
{
    if (!IsAlive(pid))
    {
        return false;
    }
    const std::string proc = "/proc/" + std::to_string(pid);
    std::ifstream stat(proc + "/stat");
    std::string line;
    if (std::getline(stat, line))
    {
        const auto close = line.rfind(')'); // the name in parentheses may hold anything
        if (close != std::string::npos && close + 2 < line.size() &&
            (line[close + 2] == 'Z' || line[close + 2] == 'X'))
        {
            return false;
        }
    }
    std::ifstream comm(proc + "/comm");
    std::string name;
    if (std::getline(comm, name) && !program.empty())
    {
        const std::size_t n = std::min(name.size(), program.size());
        return name.compare(0, n, program, 0, n) == 0;
    }
    return true;
}

/// IsRunning, given up to 1 s to end: a process killed a moment ago (with the sweep that
/// started it) is still on its way out.
bool
IsStillRunning(long pid, const std::string& program)
{
    for (int i = 0; i < 50 && IsRunning(pid, program); ++i)
    {
        ::usleep(20000);
    }
    return IsRunning(pid, program);
}

/// What the marker of a run directory says.
struct Marker
{
    std::string program;
    std::string host;
    std::optional<long> pid; ///< present while the directory is being written
    std::set<std::string> entries;
};

std::optional<Marker>
ReadMarker(const std::string& dir)
{
    std::ifstream in(dir + "/" + RunDirectory::kMarker);
    if (!in)
    {
        return std::nullopt;
    }
    Marker m;
    for (std::string line; std::getline(in, line);)
    {
        const auto eq = line.find('=');
        const std::string key = line.substr(0, eq);
        const std::string value = eq == std::string::npos ? "" : line.substr(eq + 1);
        if (key == "program")
        {
            m.program = value;
        }
        else if (key == "host")
        {
            m.host = value;
        }
        else if (key == "pid")
        {
            m.pid = std::strtol(value.c_str(), nullptr, 10);
        }
        else if (key == "entry")
        {
            m.entries.insert(value);
        }
    }
    return m;
}

/// A run directory of expressroute-sim from before the marker: its run.json lists its files.
std::optional<std::set<std::string>>
LegacyEntries(const std::string& dir)
{
    std::ifstream in(dir + "/run.json");
    if (!in)
    {
        return std::nullopt;
    }
    const auto j = nlohmann::json::parse(in, nullptr, false);
    if (!j.is_object() || !j.contains("versions") || !j["versions"].is_object() ||
        !j["versions"].contains("expressroute") || !j.contains("files") || !j["files"].is_array())
    {
        return std::nullopt;
    }
    std::set<std::string> entries{"pcap"};
    for (const auto& f : j["files"])
    {
        if (f.is_string())
        {
            entries.insert(f.get<std::string>());
        }
    }
    return entries;
}

/// "run.json.tmp-123" is the leftover of writing "run.json" whole.
bool
IsLeftoverOf(const std::string& name, const std::set<std::string>& entries)
{
    const auto at = name.rfind(".tmp-");
    if (at == std::string::npos || at + 5 == name.size())
    {
        return false;
    }
    const std::string digits = name.substr(at + 5);
    return std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; }) &&
           entries.count(name.substr(0, at)) > 0;
}

std::string
Refusal(const std::string& path, const std::string& why)
{
    return "cannot write the run directory " + path + ": " + why +
           "; only a run directory written by expressroute is ever replaced, and nothing was "
           "changed (choose another output path, or move what is there away)";
}

std::string
Reason(int err)
{
    return std::strerror(err);
}

/// Writes @p content to @p path through a temporary name, so that a reader sees the old or the
/// new file whole; errors name @p path, not the temporary name.
void
WriteWhole(const std::string& path, const std::string& content)
{
    const std::string temp = path + ".tmp-" + std::to_string(::getpid());
    try
    {
        OutputFile out(temp);
        out.Append(content);
        out.Close();
    }
    catch (const std::runtime_error& e)
    {
        std::error_code ec;
        fs::remove(temp, ec);
        std::string what = e.what();
        const auto at = what.find(temp);
        throw std::runtime_error(at == std::string::npos
                                     ? what
                                     : what.replace(at, temp.size(), path));
    }
    if (::rename(temp.c_str(), path.c_str()) != 0)
    {
        const int err = errno;
        std::error_code ec;
        fs::remove(temp, ec);
        throw std::runtime_error("cannot write " + path + ": " + Reason(err));
    }
}

/// Moves @p from to @p to, moving an existing @p to aside first and removing it after.
void
ReplaceWith(const std::string& from, const std::string& to)
{
    const std::string old = to + ".old-" + std::to_string(::getpid());
    std::error_code ec;
    const bool hadOld = fs::exists(fs::symlink_status(to, ec));
    if (hadOld && ::rename(to.c_str(), old.c_str()) != 0)
    {
        throw std::runtime_error("cannot move the earlier run directory " + to + " aside: " +
                                 Reason(errno));
    }
    if (::rename(from.c_str(), to.c_str()) != 0)
    {
        const int err = errno;
        if (hadOld)
        {
            ::rename(old.c_str(), to.c_str());
        }
        throw std::runtime_error("cannot rename " + from + " to " + to + ": " + Reason(err));
    }
    if (hadOld)
    {
        fs::remove_all(old, ec);
    }
}

} // namespace

OutputFile::OutputFile(std::string path)
    : m_path(std::move(path))
{
    m_fd = ::open(m_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (m_fd < 0)
    {
        throw std::runtime_error("cannot create " + m_path + ": " + Reason(errno));
    }
}

OutputFile::~OutputFile()
{
    if (m_fd >= 0)
    {
        ::close(m_fd);
    }
}

void
OutputFile::Append(const std::string& text)
{
    if (m_failed)
    {
        return;
    }
    m_buffer += text;
    if (m_buffer.size() >= kBufferBytes)
    {
        Flush();
    }
}

void
OutputFile::Flush()
{
    if (m_failed)
    {
        return;
    }
    std::size_t done = 0;
    while (done < m_buffer.size())
    {
        const ssize_t n = ::write(m_fd, m_buffer.data() + done, m_buffer.size() - done);
        if (n < 0 && errno == EINTR)
        {
            continue;
        }
        if (n < 0)
        {
            const int err = errno;
            m_buffer.clear();
            m_failed = true;
            throw std::runtime_error("cannot write " + m_path + ": " + Reason(err));
        }
        done += static_cast<std::size_t>(n);
    }
    m_buffer.clear();
}

void
OutputFile::Sync()
{
    Flush();
    if (!m_failed && ::fdatasync(m_fd) != 0 && errno != EINVAL && errno != EROFS)
    {
        m_failed = true;
        throw std::runtime_error("cannot write " + m_path + ": " + Reason(errno));
    }
}

void
OutputFile::Close()
{
    if (m_fd < 0)
    {
        return;
    }
    Sync();
    const int fd = m_fd;
    m_fd = -1;
    if (::close(fd) != 0)
    {
        m_failed = true;
        throw std::runtime_error("cannot write " + m_path + ": " + Reason(errno));
    }
}

RunDirectory::RunDirectory(std::string path, std::string program, Mode mode)
    : m_final(std::move(path)),
      m_program(std::move(program)),
      m_mode(mode)
{
    while (m_final.size() > 1 && m_final.back() == '/')
    {
        m_final.pop_back();
    }
    CheckReplaceable(m_final);
    RemoveStaleSiblings();
    std::error_code ec;
    const fs::path parent = fs::path(m_final).parent_path();
    if (!parent.empty() && !fs::is_directory(parent, ec))
    {
        fs::create_directories(parent, ec);
        if (ec)
        {
            throw std::runtime_error("cannot create " + parent.string() + ": " + ec.message());
        }
    }
    m_temp = m_final + ".tmp-" + std::to_string(::getpid());
    fs::remove_all(m_temp, ec); // this process's own leftover
    if (::mkdir(m_temp.c_str(), 0755) != 0)
    {
        throw std::runtime_error("cannot create the run directory " + m_final + " (as " + m_temp +
                                 "): " + Reason(errno));
    }
    m_dir = m_temp;
    WriteMarker(true);
    if (m_mode == Mode::InPlace)
    {
        ReplaceWith(m_temp, m_final);
        m_dir = m_final;
    }
}

RunDirectory::~RunDirectory()
{
    if (m_mode == Mode::Staged && !m_committed)
    {
        std::error_code ec;
        fs::remove_all(m_temp, ec);
    }
}

void
RunDirectory::WriteMarker(bool live)
{
    std::ostringstream os;
    os << "program=" << m_program << "\nhost=" << HostName() << "\n";
    if (live)
    {
        os << "pid=" << ::getpid() << "\n";
    }
    for (const auto& e : m_entries)
    {
        os << "entry=" << e << "\n";
    }
    WriteWhole(m_dir + "/" + kMarker, os.str());
}

void
RunDirectory::Register(const std::string& name)
{
    if (m_entries.insert(name).second)
    {
        WriteMarker(!m_committed);
    }
}

void
RunDirectory::Write(const std::string& name, const std::string& content)
{
    Register(name);
    WriteWhole(m_dir + "/" + name, content);
}

std::unique_ptr<OutputFile>
RunDirectory::Open(const std::string& name)
{
    Register(name);
    return std::make_unique<OutputFile>(m_dir + "/" + name);
}

std::string
RunDirectory::CreateSubdirectory(const std::string& name)
{
    Register(name);
    const std::string path = m_dir + "/" + name;
    if (::mkdir(path.c_str(), 0755) != 0 && errno != EEXIST)
    {
        throw std::runtime_error("cannot create " + path + ": " + Reason(errno));
    }
    return path;
}

void
RunDirectory::Commit()
{
    WriteMarker(false);
    if (m_mode == Mode::InPlace)
    {
        m_committed = true;
        return;
    }
    try
    {
        CheckReplaceable(m_final); // something may have appeared there while the run went on
    }
    catch (const RunDirectoryError& e)
    {
        m_committed = true; // keep the files where they are
        throw RunDirectoryError(std::string(e.what()) + "; this run's files are in " + m_temp);
    }
    ReplaceWith(m_temp, m_final);
    m_dir = m_final;
    m_committed = true;
}

void
RunDirectory::CheckReplaceable(const std::string& path)
{
    std::error_code ec;
    const auto status = fs::symlink_status(path, ec);
    if (!fs::exists(status))
    {
        return;
    }
    if (fs::is_symlink(status))
    {
        throw RunDirectoryError(Refusal(path, "it is a symbolic link"));
    }
    if (!fs::is_directory(status))
    {
        throw RunDirectoryError(Refusal(path, "it is a file"));
    }
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(path, ec))
    {
        names.push_back(entry.path().filename().string());
    }
    if (ec)
    {
        throw RunDirectoryError(Refusal(path, "it cannot be read (" + ec.message() + ")"));
    }
    if (names.empty())
    {
        return;
    }
    std::set<std::string> ours;
    if (const auto marker = ReadMarker(path))
    {
        if (marker->pid && *marker->pid != ::getpid() && marker->host == HostName() &&
            IsStillRunning(*marker->pid, marker->program))
        {
            throw RunDirectoryError(Refusal(path,
                                            "it is being written by " + marker->program +
                                                " (process " + std::to_string(*marker->pid) + ")"));
        }
        ours = marker->entries;
        ours.insert(kMarker);
    }
    else if (const auto legacy = LegacyEntries(path))
    {
        ours = *legacy;
    }
    else
    {
        std::sort(names.begin(), names.end());
        const std::string more =
            names.size() > 1 ? " and " + std::to_string(names.size() - 1) + " more" : "";
        throw RunDirectoryError(Refusal(path,
                                        "it is not a run directory (no " + std::string(kMarker) +
                                            " marker) and holds " + names.front() + more));
    }
    std::vector<std::string> foreign;
    for (const auto& n : names)
    {
        if (ours.count(n) == 0 && !IsLeftoverOf(n, ours))
        {
            foreign.push_back(n);
        }
    }
    if (!foreign.empty())
    {
        std::sort(foreign.begin(), foreign.end());
        std::string list;
        for (const auto& n : foreign)
        {
            list += (list.empty() ? "" : ", ") + n;
        }
        throw RunDirectoryError(
            Refusal(path, "it holds " + list + ", which expressroute did not write"));
    }
}

void
RunDirectory::RemoveStaleSiblings() const
{
    const fs::path final(m_final);
    const fs::path parent = final.parent_path().empty() ? fs::path(".") : final.parent_path();
    const std::string base = final.filename().string();
    std::error_code ec;
    std::vector<fs::path> doomed;
    for (const auto& entry : fs::directory_iterator(parent, ec))
    {
        const std::string name = entry.path().filename().string();
        if (name.size() <= base.size() + 5 || name.compare(0, base.size(), base) != 0)
        {
            continue;
        }
        const std::string kind = name.substr(base.size(), 5);
        const std::string digits = name.substr(base.size() + 5);
        if ((kind != ".tmp-" && kind != ".old-") ||
            !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; }))
        {
            continue;
        }
        const long pid = std::strtol(digits.c_str(), nullptr, 10);
        const auto marker = ReadMarker(entry.path().string());
        if ((marker && !marker->host.empty() && marker->host != HostName()) ||
            (pid != ::getpid() && IsRunning(pid, marker ? marker->program : "")))
        {
            continue; // another host's, or its process still runs
        }
        try
        {
            CheckReplaceable(entry.path().string());
            doomed.push_back(entry.path());
        }
        catch (const RunDirectoryError&)
        {
            // not ours: left alone
        }
    }
    for (const auto& p : doomed)
    {
        NS_LOG_INFO("removing stale=" << p);
        fs::remove_all(p, ec);
    }
}

} // namespace expressroute
} // namespace ns3
