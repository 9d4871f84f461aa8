// SPDX-License-Identifier: GPL-2.0-only
#include "expressroute-sweep-directory.h"

#include "expressroute-run-directory.h"
#include "expressroute-scenario-diagnostics.h"
#include "expressroute-sweep-summary.h"

#include "ns3/log.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <sys/file.h>
#include <unistd.h>

namespace ns3
{
namespace expressroute
{

NS_LOG_COMPONENT_DEFINE("ExpressRouteSweepDirectory");

namespace
{

namespace fs = std::filesystem;

const std::vector<std::pair<RunStatus, std::string>> kStatusNames{
    {RunStatus::Pending, "pending"},
    {RunStatus::Running, "running"},
    {RunStatus::Completed, "completed"},
    {RunStatus::Failed, "failed"},
    {RunStatus::Timeout, "timeout"},
    {RunStatus::Interrupted, "interrupted"},
};

std::optional<std::string>
ReadText(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
    {
        return std::nullopt;
    }
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

/// The JSON of @p path: nullopt when the file is missing (@p problem empty) or cannot be read or
/// parsed (@p problem says why, without the path).
std::optional<nlohmann::json>
ReadJsonFile(const std::string& path, std::string& problem)
{
    problem.clear();
    errno = 0;
    auto text = ReadText(path);
    if (!text)
    {
        if (errno != ENOENT && errno != 0)
        {
            problem = std::string("cannot read: ") + std::strerror(errno);
        }
        return std::nullopt;
    }
    try
    {
        return nlohmann::json::parse(*text);
    }
    catch (const nlohmann::json::parse_error& e)
    {
        // e.what() starts with "[json.exception.parse_error.N] ": the reader wants the rest.
        std::string why = e.what();
        const auto cut = why.find("] ");
        why = cut == std::string::npos ? why : why.substr(cut + 2);
        if (text->empty())
        {
            problem = "empty file (truncated?)";
        }
        else if (e.byte > text->size())
        {
            problem = "truncated: ends after " + std::to_string(text->size()) + " bytes (" + why + ")";
        }
        else
        {
            problem = "not valid JSON: " + why;
        }
        return std::nullopt;
    }
}

/// The JSON of @p path, nullopt when it is missing or damaged (for the sweep's own records).
std::optional<nlohmann::json>
ReadJson(const std::string& path)
{
    std::string problem;
    return ReadJsonFile(path, problem);
}

/// The string at @p key of @p object, @p fallback when it is absent or not a string.
std::string
StringOr(const nlohmann::json& object, const char* key, const std::string& fallback)
{
    auto it = object.find(key);
    return it != object.end() && it->is_string() ? it->get<std::string>() : fallback;
}

/// Marks @p outcome failed because @p path is damaged (@p why).
void
MarkDamaged(RunOutcome& outcome, const std::string& path, const std::string& why)
{
    NS_LOG_INFO("damaged=" << path << " why=" << why);
    outcome.status = RunStatus::Failed;
    outcome.events.reset();
    outcome.damage = path + ": " + why;
    outcome.stderrTail = outcome.damage;
}

} // namespace

std::string
ToString(RunStatus status)
{
    for (const auto& [s, name] : kStatusNames)
    {
        if (s == status)
        {
            return name;
        }
    }
    return "unknown";
}

std::optional<RunStatus>
ParseRunStatus(const std::string& name)
{
    for (const auto& [s, n] : kStatusNames)
    {
        if (n == name)
        {
            return s;
        }
    }
    return std::nullopt;
}

std::string
HostName()
{
    char name[256] = {};
    if (::gethostname(name, sizeof(name) - 1) != 0)
    {
        return "unknown";
    }
    return name;
}

SweepDirectory::SweepDirectory(const std::string& root)
{
    std::error_code ec;
    auto abs = fs::absolute(root, ec);
    m_root = (ec ? fs::path(root) : abs.lexically_normal()).string();
    while (m_root.size() > 1 && m_root.back() == '/')
    {
        m_root.pop_back();
    }
}

SweepDirectory::~SweepDirectory()
{
    if (m_lockFd >= 0)
    {
        ::close(m_lockFd); // releases the flock
    }
}

std::string
SweepDirectory::Path(const std::string& relative) const
{
    return m_root + "/" + relative;
}

std::string
SweepDirectory::InputFile(const std::string& pointKey)
{
    return "inputs/" + pointKey + ".json";
}

std::string
SweepDirectory::RunDir(const std::string& runKey)
{
    return "runs/" + runKey;
}

std::string
SweepDirectory::LogFile(const std::string& runKey, const std::string& ext)
{
    return "logs/" + runKey + "." + ext;
}

bool
SweepDirectory::HasSpec() const
{
    std::error_code ec;
    return fs::is_regular_file(Path("sweep.json"), ec);
}

void
SweepDirectory::RefuseForeign() const
{
    std::error_code ec;
    if (fs::exists(m_root, ec) && !fs::is_directory(m_root, ec))
    {
        throw std::runtime_error(m_root + " is a file, not a sweep directory: not sweeping into it "
                                          "(choose another --out)");
    }
    if (!fs::is_directory(m_root, ec) || HasSpec())
    {
        return;
    }
    std::vector<std::string> foreign;
    for (const auto& e : fs::directory_iterator(m_root, ec))
    {
        const std::string name = e.path().filename().string();
        const bool ours = name == ".lock" || ((name == "inputs" || name == "runs" ||
                                               name == "logs") &&
                                              e.is_directory(ec) && fs::is_empty(e.path(), ec));
        if (!ours)
        {
            foreign.push_back(name);
        }
    }
    if (!foreign.empty())
    {
        std::sort(foreign.begin(), foreign.end());
        throw std::runtime_error(m_root + " exists and is not a sweep directory (no sweep.json; it "
                                          "holds " + SomeOf(foreign) + "): not sweeping into it (choose "
                                          "another --out)");
    }
}

SweepSpec
SweepDirectory::ReadSpec() const
{
    const std::string path = Path("sweep.json");
    auto text = ReadText(path);
    if (!text)
    {
        throw SweepSpecError(
            path, {ScenarioError{"", "cannot open: " + std::string(std::strerror(errno)), 0, 0}});
    }
    return ParseSweepSpec(*text, path, m_root);
}

void
SweepDirectory::RefuseAnotherSpec(const SweepSpec& spec) const
{
    if (HasSpec())
    {
        const SweepSpec old = ReadSpec();
        std::vector<ScenarioError> errors;
        const std::string why = " differs from the sweep already in " + m_root +
                                " (sweep.json): its runs answer another question; sweep into a "
                                "new directory";
        if (old.scenario.dump() != spec.scenario.dump())
        {
            errors.push_back(ScenarioError{"/scenario", "the base scenario" + why, 0, 0});
        }
        if (FrozenSpec(old).value("set", ScenarioJson::object()).dump() !=
            FrozenSpec(spec).value("set", ScenarioJson::object()).dump())
        {
            errors.push_back(ScenarioError{"/set", "the fixed overrides" + why, 0, 0});
        }
        if (old.engine != spec.engine)
        {
            const auto name = [](const std::string& e) {
                return e.empty() ? std::string("the scenario's own engine") : "engine " + e;
            };
            errors.push_back(ScenarioError{"/engine",
                                           name(spec.engine) + why + " (" + name(old.engine) + ")",
                                           0,
                                           0});
        }
        if (old.seed != spec.seed)
        {
            errors.push_back(ScenarioError{"/seed",
                                           "seed " + std::to_string(spec.seed) + why + " (seed " +
                                               std::to_string(old.seed) + ")",
                                           0,
                                           0});
        }
        if (!errors.empty())
        {
            throw SweepSpecError(spec.source, errors);
        }
    }
}

void
SweepDirectory::Prepare(const SweepSpec& spec, const std::vector<SweepPoint>& points) const
{
    NS_LOG_FUNCTION(m_root << points.size());
    RefuseAnotherSpec(spec);
    for (const char* sub : {"inputs", "runs", "logs"})
    {
        std::error_code ec;
        fs::create_directories(Path(sub), ec);
        if (ec)
        {
            throw std::runtime_error("cannot create " + Path(sub) + ": " + ec.message());
        }
    }
    const std::string frozen = FrozenSpec(spec).dump(2) + "\n";
    if (ReadText(Path("sweep.json")).value_or("") != frozen)
    {
        WriteThroughTemporary(Path("sweep.json"), frozen);
    }
    for (const auto& point : points)
    {
        const std::string path = Path(InputFile(point.key));
        const std::string text = PointScenario(spec, point).dump(2) + "\n";
        if (ReadText(path).value_or("") != text)
        {
            WriteThroughTemporary(path, text);
        }
    }
}

std::string
RunJsonProblem(const nlohmann::json& run)
{
    if (!run.is_object())
    {
        return std::string("expected an object, got ") + run.type_name();
    }
    auto it = run.find("status");
    if (it == run.end())
    {
        return "/status: missing";
    }
    if (!it->is_string())
    {
        return std::string("/status: expected a string, got ") + it->type_name();
    }
    it = run.find("events");
    if (it != run.end() && !it->is_number_unsigned())
    {
        return std::string("/events: expected a count, got ") + it->dump();
    }
    it = run.find("wall_time_s");
    if (it != run.end() && !it->is_number())
    {
        return std::string("/wall_time_s: expected a number, got ") + it->type_name();
    }
    return "";
}

RunOutcome
SweepDirectory::ReadOutcome(const std::string& runKey) const
{
    RunOutcome outcome;
    auto attempt = ReadJson(Path(LogFile(runKey, "json")));
    if (attempt && attempt->is_object())
    {
        const auto& a = *attempt;
        outcome.status = ParseRunStatus(StringOr(a, "status", "")).value_or(RunStatus::Failed);
        if (a.contains("exit_code") && a["exit_code"].is_number_integer())
        {
            outcome.exitCode = a["exit_code"].get<int>();
        }
        if (a.contains("signal") && a["signal"].is_number_integer())
        {
            outcome.signal = a["signal"].get<int>();
        }
        if (a.contains("wall_time_s") && a["wall_time_s"].is_number())
        {
            outcome.wallSeconds = a["wall_time_s"].get<double>();
        }
        outcome.stderrTail = StringOr(a, "stderr_tail", "");
        outcome.host = StringOr(a, "host", "");
    }
    const std::string runPath = Path(RunDir(runKey) + "/run.json");
    std::string problem;
    auto run = ReadJsonFile(runPath, problem);
    if (!run && problem.empty())
    {
        if (outcome.status == RunStatus::Completed)
        {
            // The record says completed but the run directory is gone: run it again.
            outcome = RunOutcome{};
        }
        return outcome;
    }
    if (run)
    {
        problem = RunJsonProblem(*run);
    }
    if (!problem.empty())
    {
        MarkDamaged(outcome, runPath, problem);
        return outcome;
    }
    const auto& r = *run;
    const std::string status = r["status"].get<std::string>();
    if (status != "completed" && outcome.status == RunStatus::Completed)
    {
        // The record is of an earlier attempt; the run directory is a later one's, which did
        // not finish (killed with the sweep before its record was written): that one counts.
        outcome = RunOutcome{};
    }
    if (status == "completed")
    {
        if (!ReadSummary(runKey, &problem))
        {
            MarkDamaged(outcome, Path(RunDir(runKey) + "/summary.json"), problem);
            return outcome;
        }
        outcome.status = RunStatus::Completed;
        outcome.stderrTail.clear();
        if (!outcome.wallSeconds && r.contains("wall_time_s"))
        {
            outcome.wallSeconds = r["wall_time_s"].get<double>();
        }
        if (r.contains("events"))
        {
            outcome.events = r["events"].get<uint64_t>();
        }
    }
    else if (outcome.status == RunStatus::Pending && status != "running")
    {
        // A run.json that says "running" is a run killed with the sweep: pending, it runs again.
        outcome.status = RunStatus::Failed;
        outcome.stderrTail = StringOr(r, "error", "run.json says " + status);
    }
    return outcome;
}

void
SweepDirectory::WriteAttempt(const std::string& runKey, const RunOutcome& outcome) const
{
    nlohmann::ordered_json j;
    j["status"] = ToString(outcome.status);
    j["exit_code"] = outcome.exitCode ? nlohmann::ordered_json(*outcome.exitCode) : nullptr;
    j["signal"] = outcome.signal ? nlohmann::ordered_json(*outcome.signal) : nullptr;
    j["wall_time_s"] = outcome.wallSeconds
                           ? nlohmann::ordered_json(std::round(*outcome.wallSeconds * 1000) / 1000)
                           : nullptr;
    j["host"] = outcome.host;
    j["stderr_tail"] = outcome.stderrTail;
    WriteThroughTemporary(Path(LogFile(runKey, "json")), j.dump(2) + "\n");
}

std::optional<nlohmann::json>
SweepDirectory::ReadSummary(const std::string& runKey, std::string* problem) const
{
    const std::string path = Path(RunDir(runKey) + "/summary.json");
    std::string why;
    auto summary = ReadJsonFile(path, why);
    if (summary)
    {
        why = SummaryProblem(*summary);
    }
    else if (why.empty())
    {
        why = "missing, though run.json says completed";
    }
    if (!why.empty())
    {
        if (problem)
        {
            *problem = why;
        }
        return std::nullopt;
    }
    return summary;
}

void
SweepDirectory::DiscardRun(const std::string& runKey) const
{
    const std::string run = Path(RunDir(runKey));
    const std::string aside = UniqueSibling(run, ".old-");
    std::error_code ec;
    fs::rename(run, aside, ec);
    // The run's own files go; anything someone put in its directory stays, aside.
    RemoveOwnEntries(ec ? run : aside, SimulatorRunOwner());
}

std::string
SweepDirectory::StderrTail(const std::string& runKey, std::size_t maxBytes) const
{
    std::ifstream in(Path(LogFile(runKey, "stderr")), std::ios::binary | std::ios::ate);
    if (!in)
    {
        return "";
    }
    const std::streamoff size = in.tellg();
    const std::streamoff start = size > static_cast<std::streamoff>(maxBytes)
                                     ? size - static_cast<std::streamoff>(maxBytes)
                                     : 0;
    in.seekg(start);
    std::string tail((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (start > 0)
    {
        auto nl = tail.find('\n');
        tail = nl == std::string::npos ? tail : tail.substr(nl + 1);
    }
    while (!tail.empty() && (tail.back() == '\n' || tail.back() == '\r'))
    {
        tail.pop_back();
    }
    return tail;
}

void
SweepDirectory::RemoveLeftovers(const std::string& runKey, int pid) const
{
    std::error_code ec;
    const std::string base = Path(RunDir(runKey));
    RemoveIfOnlyOurs(base + ".tmp-" + std::to_string(pid), SimulatorRunOwner());
    RemoveIfOnlyOurs(base + ".old-" + std::to_string(pid), SimulatorRunOwner());
}

void
SweepDirectory::RemoveAllLeftovers() const
{
    std::error_code ec;
    std::vector<fs::path> doomed;
    for (const auto& entry : fs::directory_iterator(Path("runs"), ec))
    {
        const std::string name = entry.path().filename().string();
        if (name.find(".tmp-") != std::string::npos || name.find(".old-") != std::string::npos)
        {
            doomed.push_back(entry.path());
        }
    }
    for (const auto& p : doomed)
    {
        // Only what the simulator wrote: a leftover someone added to is left whole.
        NS_LOG_INFO("removing leftover=" << p);
        RemoveIfOnlyOurs(p.string(), SimulatorRunOwner());
    }
}

bool
SweepDirectory::TryLock(bool exclusive, std::string& holder)
{
    std::error_code ec;
    fs::create_directories(m_root, ec);
    m_lockFd = ::open(Path(".lock").c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (m_lockFd < 0)
    {
        throw std::runtime_error("cannot open " + Path(".lock") + ": " + std::strerror(errno));
    }
    if (::flock(m_lockFd, (exclusive ? LOCK_EX : LOCK_SH) | LOCK_NB) != 0)
    {
        holder = ReadText(Path(".lock")).value_or("");
        while (!holder.empty() && holder.back() == '\n')
        {
            holder.pop_back();
        }
        ::close(m_lockFd);
        m_lockFd = -1;
        return false;
    }
    if (exclusive)
    {
        const std::string who =
            "expressroute-sweep pid " + std::to_string(::getpid()) + " on " + HostName() + "\n";
        if (::ftruncate(m_lockFd, 0) == 0)
        {
            [[maybe_unused]] auto n = ::write(m_lockFd, who.data(), who.size());
        }
    }
    return true;
}

bool
SweepDirectory::IsSweepRunning(std::string& holder) const
{
    const int fd = ::open(Path(".lock").c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
    {
        return false;
    }
    const bool busy = ::flock(fd, LOCK_SH | LOCK_NB) != 0;
    ::close(fd);
    if (busy)
    {
        holder = ReadText(Path(".lock")).value_or("");
        while (!holder.empty() && holder.back() == '\n')
        {
            holder.pop_back();
        }
    }
    return busy;
}

} // namespace expressroute
} // namespace ns3
