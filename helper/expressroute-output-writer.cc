// SPDX-License-Identifier: GPL-2.0-only
#include "expressroute-output-writer.h"
#include "expressroute-path-kind.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

namespace ns3
{
namespace expressroute
{

namespace fs = std::filesystem;

std::string
FormatFixed(double value, int decimals)
{
    const double scale = std::pow(10.0, decimals);
    double v = std::round(value * scale) / scale;
    if (v == 0)
    {
        v = 0; // no "-0.000"
    }
    char buf[64];
    std::snprintf(buf, sizeof(buf), "%.*f", decimals, v);
    return buf;
}

namespace
{

/// A JSON number rounded to @p decimals (stable text across runs).
nlohmann::json
Num(double v, int decimals = 6)
{
    return nlohmann::json::parse(FormatFixed(v, decimals));
}

std::string
Seconds6(Time t)
{
    return FormatFixed(t.GetSeconds(), 6);
}

} // namespace

bool
IsRunDirectory(const std::string& path)
{
    std::ifstream in(path + "/run.json");
    if (!in)
    {
        return false;
    }
    std::stringstream text;
    text << in.rdbuf();
    const std::string s = text.str();
    // Ours: "program": "expressroute-sim"; runs from before that key have these two.
    return s.find("\"program\": \"expressroute-sim\"") != std::string::npos ||
           s.find("\"program\": \"expressroute-emulate\"") != std::string::npos ||
           (s.find("\"scenario_name\"") != std::string::npos &&
            s.find("\"status\"") != std::string::npos);
}

std::optional<int>
RunDirectoryWriter(const std::string& path)
{
    const auto j = nlohmann::json::parse(std::ifstream(path + "/run.json"), nullptr, false);
    if (!j.is_object() || j.value("status", "") != "running" || !j.contains("pid") ||
        !j["pid"].is_number_integer())
    {
        return std::nullopt;
    }
    const int pid = j["pid"].get<int>();
    // "<pid> (<comm>) <state> ...": a live expressroute-sim (the name cut to 15 characters), not
    // a zombie (killed, not yet reaped) nor another program that got the process id since.
    std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
    std::string line;
    std::getline(stat, line);
    const auto close = line.rfind(')');
    if (close == std::string::npos || close + 2 >= line.size() ||
        (line.find("(expressroute-si") == std::string::npos &&
         line.find("(expressroute-em") == std::string::npos))
    {
        return std::nullopt;
    }
    const char state = line[close + 2];
    return state == 'Z' || state == 'X' ? std::nullopt : std::optional<int>(pid);
}

void
WriteWholeFile(const std::string& path, const std::string& content)
{
    const std::string part = path + ".part";
    const auto fail = [&path, &part](int err) {
        ::unlink(part.c_str());
        return std::runtime_error("cannot write " + path + ": " + std::strerror(err));
    };
    const int fd = ::open(part.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0)
    {
        throw fail(errno);
    }
    std::size_t done = 0;
    while (done < content.size())
    {
        const ssize_t n = ::write(fd, content.data() + done, content.size() - done);
        if (n < 0 && errno == EINTR)
        {
            continue;
        }
        if (n <= 0)
        {
            const int err = n < 0 ? errno : ENOSPC;
            ::close(fd);
            throw fail(err);
        }
        done += static_cast<std::size_t>(n);
    }
    if (::fsync(fd) != 0 || ::close(fd) != 0)
    {
        const int err = errno;
        throw fail(err);
    }
    if (::rename(part.c_str(), path.c_str()) != 0)
    {
        throw fail(errno);
    }
}

namespace
{

/// Removes "<final><marker><pid>" siblings whose process is gone (a killed run's leftovers).
void
RemoveLeftoversOfDeadProcesses(const std::string& final, const std::string& marker)
{
    std::error_code ec;
    const fs::path parent = fs::path(final).parent_path();
    const std::string prefix = fs::path(final).filename().string() + marker;
    for (const auto& e : fs::directory_iterator(parent.empty() ? fs::path(".") : parent, ec))
    {
        const std::string name = e.path().filename().string();
        if (name.rfind(prefix, 0) != 0)
        {
            continue;
        }
        const std::string pid = name.substr(prefix.size());
        if (!pid.empty() && pid.size() < 10 &&
            pid.find_first_not_of("0123456789") == std::string::npos &&
            ::kill(static_cast<pid_t>(std::stol(pid)), 0) != 0 && errno == ESRCH)
        {
            fs::remove_all(e.path(), ec);
        }
    }
}

} // namespace

RunDirectory::RunDirectory(std::string path)
    : m_final(std::move(path))
{
    while (m_final.size() > 1 && m_final.back() == '/')
    {
        m_final.pop_back();
    }
    const std::string pid = std::to_string(::getpid());
    m_path = m_final + ".tmp-" + pid;
    std::error_code ec;
    // Never replace what this program did not write: a file, or a directory with content but
    // without a run.json of ours, is refused before anything runs.
    if (fs::exists(m_final, ec) && !fs::is_directory(m_final, ec))
    {
        throw std::runtime_error(m_final + " is a file, not a run directory: not replacing it "
                                           "(choose another --out)");
    }
    if (fs::is_directory(m_final, ec) && !fs::is_empty(m_final, ec) && !IsRunDirectory(m_final))
    {
        throw std::runtime_error(m_final + " exists and is not a run directory written by "
                                           "expressroute-sim (no run.json of ours): not replacing "
                                           "it (choose another --out)");
    }
    if (const auto writer = RunDirectoryWriter(m_final))
    {
        throw std::runtime_error(m_final + " is being written by expressroute-sim (process " +
                                 std::to_string(*writer) +
                                 "): not replacing it (wait for it, stop it, or choose another "
                                 "--out)");
    }
    // Leftovers of runs at this path whose process is gone (killed) are removed.
    RemoveLeftoversOfDeadProcesses(m_final, ".tmp-");
    RemoveLeftoversOfDeadProcesses(m_final, ".old-");
    const fs::path parent = fs::path(m_final).parent_path();
    if (!parent.empty())
    {
        fs::create_directories(parent, ec);
    }
    fs::remove_all(m_path, ec);
    if (!fs::create_directory(m_path, ec) || ec)
    {
        throw std::runtime_error("cannot create run directory " + m_path + ": " +
                                 (ec ? ec.message() : "it exists"));
    }
}

RunDirectory::~RunDirectory()
{
    if (!m_committed)
    {
        std::error_code ec;
        fs::remove_all(m_path, ec);
    }
}

void
RunDirectory::Write(const std::string& name, const std::string& content) const
{
    WriteWholeFile(m_path + "/" + name, content);
}

void
RunDirectory::Commit()
{
    if (m_committed)
    {
        return;
    }
    std::error_code ec;
    const std::string old = m_final + ".old-" + std::to_string(::getpid());
    if (fs::exists(m_final))
    {
        fs::rename(m_final, old, ec);
        if (ec)
        {
            throw std::runtime_error("cannot replace " + m_final + ": " + ec.message());
        }
    }
    fs::rename(m_path, m_final, ec);
    if (ec)
    {
        throw std::runtime_error("cannot rename " + m_path + " to " + m_final + ": " +
                                 ec.message());
    }
    m_committed = true;
    m_path = m_final;
    fs::remove_all(old, ec);
}

std::string
FormatProbesCsv(const std::vector<ProbeRecord>& probes, std::size_t first)
{
    std::ostringstream os;
    if (first == 0)
    {
        os << "time_s,probe,site,vnet,seq,success,rtt_ms,count,last_time_s\n";
    }
    for (std::size_t i = first; i < probes.size(); ++i)
    {
        const auto& p = probes[i];
        os << Seconds6(p.sent) << ',' << p.probe << ',' << p.site << ',' << p.vnet << ','
           << p.seq << ',' << (p.success ? 1 : 0) << ','
           << (p.success ? FormatFixed(p.rtt.GetSeconds() * 1000.0, 6) : "") << ',' << p.count
           << ',' << Seconds6(p.LastSent()) << '\n';
    }
    return os.str();
}

std::string
FormatFlowsCsv(const std::vector<FlowRecord>& flows, std::size_t first)
{
    std::ostringstream os;
    if (first == 0)
    {
        os << "flow,kind,protocol,from,to,start_s,stop_s,tx_bytes,rx_bytes,tx_packets,rx_packets,"
              "loss,first_rx_s,last_rx_s,throughput_bps,path,requests,requests_completed,rct_p50_s,"
              "rct_p99_s,path_kinds\n";
    }
    for (std::size_t i = first; i < flows.size(); ++i)
    {
        const auto& f = flows[i];
        const double loss =
            (f.protocol == "udp" && f.txPackets > 0)
                ? 1.0 - static_cast<double>(f.rxPackets) / static_cast<double>(f.txPackets)
                : 0.0;
        os << f.flow << ',' << f.kind << ',' << f.protocol << ',' << f.from << ',' << f.to << ','
           << Seconds6(f.start) << ',' << Seconds6(f.stop) << ',' << f.txBytes << ','
           << f.rxBytes << ',' << f.txPackets << ',' << f.rxPackets << ','
           << FormatFixed(std::max(0.0, loss), 6) << ','
           << (f.firstRx ? Seconds6(*f.firstRx) : "") << ','
           << (f.lastRx ? Seconds6(*f.lastRx) : "") << ',' << FormatFixed(FlowThroughputBps(f), 0)
           << ',' << f.path << ',';
        if (f.kind == "RequestResponse")
        {
            os << f.requests << ',' << f.requestsCompleted << ','
               << FormatFixed(Percentile(f.completionS, 50), 6) << ','
               << FormatFixed(Percentile(f.completionS, 99), 6);
        }
        else
        {
            os << ",,,";
        }
        os << ',' << DescribePathKinds(f.paths) << '\n';
    }
    return os.str();
}

std::string
FormatLinksCsv(const std::vector<LinkSample>& samples, std::size_t first)
{
    std::ostringstream os;
    if (first == 0)
    {
        os << "interval_start_s,interval_end_s,circuit,link,peering_location,bandwidth_bps,"
              "bits_in_per_second,bits_out_per_second,dropped_in_bits_per_second,"
              "dropped_out_bits_per_second,utilisation_in,utilisation_out,arp_availability,"
              "bgp_availability_private,bgp_availability_microsoft\n";
    }
    for (std::size_t i = first; i < samples.size(); ++i)
    {
        const auto& s = samples[i];
        const double secs = (s.end - s.start).GetSeconds();
        const double k = secs > 0 ? 1.0 / secs : 0.0;
        const double rate = s.rateBps > 0 ? static_cast<double>(s.rateBps) : 1.0;
        os << Seconds6(s.start) << ',' << Seconds6(s.end) << ',' << s.circuit << ',' << s.role
           << ',' << s.peeringLocation << ',' << s.rateBps << ',' << FormatFixed(s.bitsIn * k, 0)
           << ',' << FormatFixed(s.bitsOut * k, 0) << ','
           << FormatFixed(s.droppedBitsIn * k, 0) << ',' << FormatFixed(s.droppedBitsOut * k, 0)
           << ',' << FormatFixed(s.bitsIn * k / rate, 6) << ','
           << FormatFixed(s.bitsOut * k / rate, 6) << ',' << FormatFixed(s.arpAvailability, 3)
           << ',' << (s.bgpPrivate ? FormatFixed(*s.bgpPrivate, 3) : "") << ','
           << (s.bgpMicrosoft ? FormatFixed(*s.bgpMicrosoft, 3) : "") << '\n';
    }
    return os.str();
}

std::string
FormatBgpCsv(const std::vector<BgpEventRecord>& events, std::size_t first)
{
    std::ostringstream os;
    if (first == 0)
    {
        os << "time_s,router,peer,event,detail\n";
    }
    for (std::size_t i = first; i < events.size(); ++i)
    {
        const auto& e = events[i];
        os << Seconds6(e.time) << ',' << e.router << ',' << e.peer << ',' << e.event << ','
           << e.detail << '\n';
    }
    return os.str();
}

std::string
FormatGatewaysCsv(const std::vector<GatewaySample>& samples, std::size_t first)
{
    std::ostringstream os;
    if (first == 0)
    {
        os << "interval_start_s,interval_end_s,vnet,sku,throughput_cap_bps,"
              "bits_to_vnet_per_second,bits_from_vnet_per_second,packets_per_second,"
              "dropped_packets_per_second,fastpath_bits_per_second,instances_up,instances,"
              "routes_learned,routes_advertised\n";
    }
    for (std::size_t i = first; i < samples.size(); ++i)
    {
        const auto& s = samples[i];
        const double secs = (s.end - s.start).GetSeconds();
        const double k = secs > 0 ? 1.0 / secs : 0.0;
        os << Seconds6(s.start) << ',' << Seconds6(s.end) << ',' << s.vnet << ',' << s.sku << ','
           << s.throughputBps << ',' << FormatFixed(s.bitsToVnet * k, 0) << ','
           << FormatFixed(s.bitsFromVnet * k, 0) << ','
           << FormatFixed((s.packetsToVnet + s.packetsFromVnet) * k, 0) << ','
           << FormatFixed(s.droppedPackets * k, 0) << ',' << FormatFixed(s.bypassedBits * k, 0)
           << ',' << s.instancesUp << ',' << s.instances << ',' << s.routesLearned << ','
           << s.routesAdvertised << '\n';
    }
    return os.str();
}

std::string
FormatEventsCsv(const std::vector<FailureEventRecord>& events, std::size_t first)
{
    std::ostringstream os;
    if (first == 0)
    {
        os << "time_s,event,kind,target,detail\n";
    }
    for (std::size_t i = first; i < events.size(); ++i)
    {
        const auto& e = events[i];
        os << Seconds6(e.time) << ',' << e.event << ',' << e.kind << ',' << e.target << ','
           << e.detail << '\n';
    }
    return os.str();
}

std::string
FormatRoutesCsv(const std::vector<RouteRecord>& routes, std::size_t first)
{
    std::ostringstream os;
    if (first == 0)
    {
        os << "time_s,router,prefix,next_hops,reason\n";
    }
    for (std::size_t i = first; i < routes.size(); ++i)
    {
        const auto& r = routes[i];
        os << Seconds6(r.time) << ',' << r.router << ',' << r.prefix << ',' << r.nextHops << ','
           << r.reason << '\n';
    }
    return os.str();
}

std::string
FormatSummaryJson(const std::vector<PairSummary>& pairs,
                  const std::vector<LinkSummary>& links,
                  const std::vector<FlowRecord>& flows,
                  const std::vector<FailureSummary>& failures)
{
    nlohmann::ordered_json j;
    j["pairs"] = nlohmann::ordered_json::array();
    for (const auto& p : pairs)
    {
        nlohmann::ordered_json o;
        o["probe"] = p.probe;
        o["site"] = p.site;
        o["vnet"] = p.vnet;
        o["probes_sent"] = p.probesSent;
        o["probes_lost"] = p.probesLost;
        o["loss_percent"] = Num(p.lossPercent, 3);
        o["availability_percent"] = Num(p.availabilityPercent, 3);
        // A pair whose probes never came back has no RTT: null, not a false 0 for averages.
        const auto rtt = [&p](double ms) { return p.answered ? Num(ms, 3) : nlohmann::json(); };
        o["rtt_min_ms"] = rtt(p.rttMinMs);
        o["rtt_p50_ms"] = rtt(p.rttP50Ms);
        o["rtt_p99_ms"] = rtt(p.rttP99Ms);
        o["rtt_max_ms"] = rtt(p.rttMaxMs);
        o["outages"] = p.outages;
        o["longest_outage_s"] = Num(p.longestOutageS, 3);
        o["throughput_bps"] = Num(p.throughputBps, 0);
        j["pairs"].push_back(o);
    }
    j["links"] = nlohmann::ordered_json::array();
    for (const auto& l : links)
    {
        nlohmann::ordered_json o;
        o["circuit"] = l.circuit;
        o["link"] = l.role;
        o["peak_in_bps"] = Num(l.peakInBps, 0);
        o["peak_out_bps"] = Num(l.peakOutBps, 0);
        o["peak_utilisation"] = Num(l.peakUtilisation, 6);
        o["dropped_bits"] = l.droppedBits;
        j["links"].push_back(o);
    }
    j["flows"] = nlohmann::ordered_json::array();
    for (const auto& f : flows)
    {
        nlohmann::ordered_json o;
        o["flow"] = f.flow;
        o["from"] = f.from;
        o["to"] = f.to;
        o["rx_bytes"] = f.rxBytes;
        o["throughput_bps"] = Num(FlowThroughputBps(f), 0);
        if (f.kind == "RequestResponse")
        {
            o["requests"] = f.requests;
            o["requests_completed"] = f.requestsCompleted;
            o["rct_p50_s"] = Num(Percentile(f.completionS, 50), 6);
            o["rct_p99_s"] = Num(Percentile(f.completionS, 99), 6);
        }
        o["completed"] = f.kind == "Bulk" ? nlohmann::ordered_json(f.lastRx.has_value() && f.rxBytes > 0 && f.rxBytes >= f.txBytes) : nlohmann::ordered_json(nullptr);
        j["flows"].push_back(o);
    }
    j["failures"] = nlohmann::ordered_json::array();
    auto opt = [](const std::optional<double>& v) {
        return v ? nlohmann::ordered_json(Num(*v, 6)) : nlohmann::ordered_json(nullptr);
    };
    for (const auto& f : failures)
    {
        nlohmann::ordered_json o;
        o["kind"] = f.kind;
        o["target"] = f.target;
        o["detail"] = f.detail;
        o["start_s"] = Num(f.startS, 6);
        o["cleared_s"] = opt(f.clearedS);
        o["detection_s"] = opt(f.detectionS);
        o["detected_by"] = f.detectedBy.empty() ? nlohmann::ordered_json(nullptr)
                                                : nlohmann::ordered_json(f.detectedBy);
        o["first_reaction_s"] = opt(f.firstReactionS);
        o["convergence_s"] = opt(f.convergenceS);
        o["recovery_s"] = opt(f.recoveryS);
        o["probes_lost"] = f.probesLost;
        o["longest_outage_s"] = Num(f.longestOutageS, 3);
        o["pairs_affected"] = f.pairsAffected;
        o["circuits_down"] = f.circuitsDown;
        o["shared_with"] = f.sharedWith;
        o["shifted_bps"] = Num(f.shiftedBps, 0);
        o["shifted_from"] = f.from;
        o["shifted_to"] = f.to;
        o["links_over_80_percent"] = nlohmann::ordered_json::array();
        for (const auto& [link, percent] : f.linksOver80)
        {
            o["links_over_80_percent"].push_back({{"link", link}, {"utilisation_percent", Num(percent, 1)}});
        }
        o["pairs"] = nlohmann::ordered_json::array();
        auto text = [](const std::string& v) {
            return v.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(v);
        };
        for (const auto& p : f.pairs)
        {
            nlohmann::ordered_json q;
            q["probe"] = p.probe;
            q["site"] = p.site;
            q["vnet"] = p.vnet;
            q["probes_lost"] = p.probesLost;
            q["lost_s"] = Num(p.lostS, 3);
            q["no_path_until_cleared"] = p.noPathUntilCleared;
            q["recovered_s"] = opt(p.recoveredS);
            q["path_before"] = text(p.pathBefore);
            q["path_during"] = text(p.pathDuring);
            q["path_after"] = text(p.pathAfter);
            q["rtt_before_ms"] = opt(p.rttBeforeMs);
            q["rtt_during_ms"] = opt(p.rttDuringMs);
            q["rtt_after_ms"] = opt(p.rttAfterMs);
            q["failback_probes_lost"] = p.failbackProbesLost;
            q["failback_lost_s"] = Num(p.failbackLostS, 3);
            q["answer"] = FormatFailurePair(p);
            o["pairs"].push_back(q);
        }
        o["headline"] = FormatFailureHeadline(f);
        j["failures"].push_back(o);
    }
    return j.dump(2) + "\n";
}

} // namespace expressroute
} // namespace ns3
