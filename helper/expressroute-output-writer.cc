// SPDX-License-Identifier: GPL-2.0-only
#include "expressroute-output-writer.h"
#include "expressroute-path-kind.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>
#include <sstream>
#include <stdexcept>

namespace ns3
{
namespace expressroute
{

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
                  const std::vector<FailureSummary>& failures,
                  const std::vector<GatewaySummary>& gateways)
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
    j["gateways"] = nlohmann::ordered_json::array();
    for (const auto& g : gateways)
    {
        nlohmann::ordered_json o;
        o["vnet"] = g.vnet;
        o["sku"] = g.sku;
        o["throughput_bps"] = g.throughputBps;
        o["peak_bits_to_vnet_bps"] = Num(g.peakBitsToVnetBps, 0);
        o["peak_bits_from_vnet_bps"] = Num(g.peakBitsFromVnetBps, 0);
        o["dropped_packets"] = g.droppedPackets;
        o["peak_routes_learned"] = g.peakRoutesLearned;
        o["routes_learned_supported"] = g.routesLearnedSupported;
        j["gateways"].push_back(o);
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
        o["started_with"] = f.startedWith;
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
            q["probes_sent"] = p.probesSent;
            q["lost_s"] = Num(p.lostS, 3);
            q["outages"] = p.outages;
            q["no_path_until_cleared"] = p.noPathUntilCleared;
            q["recovered_s"] = opt(p.recoveredS);
            q["path_before"] = text(p.pathBefore);
            q["path_during"] = text(p.pathDuring);
            q["path_after"] = text(p.pathAfter);
            q["congested_links"] = p.congestedLinks;
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
