// SPDX-License-Identifier: GPL-2.0-only
#include "expressroute-output-writer.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>
#include <sstream>

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

const std::string kProbesHeader = "time_s,probe,site,vnet,seq,success,rtt_ms\n";

std::string
FormatProbeRow(const ProbeRecord& p)
{
    std::ostringstream os;
    os << Seconds6(p.sent) << ',' << p.probe << ',' << p.site << ',' << p.vnet << ','
       << p.seq << ',' << (p.success ? 1 : 0) << ','
       << (p.success ? FormatFixed(p.rtt.GetSeconds() * 1000.0, 6) : "") << '\n';
    return os.str();
}

std::string
FormatProbesCsv(const std::vector<ProbeRecord>& probes)
{
    std::string out = kProbesHeader;
    for (const auto& p : probes)
    {
        out += FormatProbeRow(p);
    }
    return out;
}

const std::string kFlowsHeader =
    "flow,kind,protocol,from,to,start_s,stop_s,tx_bytes,rx_bytes,tx_packets,rx_packets,"
    "loss,first_rx_s,last_rx_s,throughput_bps,path,requests,requests_completed,rct_p50_s,"
    "rct_p99_s\n";

std::string
FormatFlowRow(const FlowRecord& f)
{
    std::ostringstream os;
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
    os << '\n';
    return os.str();
}

std::string
FormatFlowsCsv(const std::vector<FlowRecord>& flows)
{
    std::string out = kFlowsHeader;
    for (const auto& f : flows)
    {
        out += FormatFlowRow(f);
    }
    return out;
}

const std::string kLinksHeader =
    "interval_start_s,interval_end_s,circuit,link,peering_location,bandwidth_bps,"
    "bits_in_per_second,bits_out_per_second,dropped_in_bits_per_second,"
    "dropped_out_bits_per_second,utilisation_in,utilisation_out,arp_availability,"
    "bgp_availability_private,bgp_availability_microsoft\n";

std::string
FormatLinkRow(const LinkSample& s)
{
    std::ostringstream os;
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
    return os.str();
}

std::string
FormatLinksCsv(const std::vector<LinkSample>& samples)
{
    std::string out = kLinksHeader;
    for (const auto& s : samples)
    {
        out += FormatLinkRow(s);
    }
    return out;
}

const std::string kBgpHeader = "time_s,router,peer,event,detail\n";

std::string
FormatBgpRow(const BgpEventRecord& e)
{
    std::ostringstream os;
    os << Seconds6(e.time) << ',' << e.router << ',' << e.peer << ',' << e.event << ','
       << e.detail << '\n';
    return os.str();
}

std::string
FormatBgpCsv(const std::vector<BgpEventRecord>& events)
{
    std::string out = kBgpHeader;
    for (const auto& e : events)
    {
        out += FormatBgpRow(e);
    }
    return out;
}

const std::string kGatewaysHeader =
    "interval_start_s,interval_end_s,vnet,sku,throughput_cap_bps,"
    "bits_to_vnet_per_second,bits_from_vnet_per_second,packets_per_second,"
    "dropped_packets_per_second,fastpath_bits_per_second,instances_up,instances,"
    "routes_learned,routes_advertised\n";

std::string
FormatGatewayRow(const GatewaySample& s)
{
    std::ostringstream os;
    const double secs = (s.end - s.start).GetSeconds();
    const double k = secs > 0 ? 1.0 / secs : 0.0;
    os << Seconds6(s.start) << ',' << Seconds6(s.end) << ',' << s.vnet << ',' << s.sku << ','
       << s.throughputBps << ',' << FormatFixed(s.bitsToVnet * k, 0) << ','
       << FormatFixed(s.bitsFromVnet * k, 0) << ','
       << FormatFixed((s.packetsToVnet + s.packetsFromVnet) * k, 0) << ','
       << FormatFixed(s.droppedPackets * k, 0) << ',' << FormatFixed(s.bypassedBits * k, 0)
       << ',' << s.instancesUp << ',' << s.instances << ',' << s.routesLearned << ','
       << s.routesAdvertised << '\n';
    return os.str();
}

std::string
FormatGatewaysCsv(const std::vector<GatewaySample>& samples)
{
    std::string out = kGatewaysHeader;
    for (const auto& s : samples)
    {
        out += FormatGatewayRow(s);
    }
    return out;
}

const std::string kEventsHeader =
    "time_s,event,kind,target,detail\n";

std::string
FormatEventRow(const FailureEventRecord& e)
{
    std::ostringstream os;
    os << Seconds6(e.time) << ',' << e.event << ',' << e.kind << ',' << e.target << ','
       << e.detail << '\n';
    return os.str();
}

std::string
FormatEventsCsv(const std::vector<FailureEventRecord>& events)
{
    std::string out = kEventsHeader;
    for (const auto& e : events)
    {
        out += FormatEventRow(e);
    }
    return out;
}

const std::string kRoutesHeader =
    "time_s,router,prefix,next_hops,reason\n";

std::string
FormatRouteRow(const RouteRecord& r)
{
    std::ostringstream os;
    os << Seconds6(r.time) << ',' << r.router << ',' << r.prefix << ',' << r.nextHops << ','
       << r.reason << '\n';
    return os.str();
}

std::string
FormatRoutesCsv(const std::vector<RouteRecord>& routes)
{
    std::string out = kRoutesHeader;
    for (const auto& r : routes)
    {
        out += FormatRouteRow(r);
    }
    return out;
}

std::string
FormatSummaryJson(const std::vector<PairSummary>& pairs,
                  const std::vector<LinkSummary>& links,
                  const std::vector<FlowRecord>& flows,
                  const std::vector<FailureSummary>& failures,
                  std::optional<double> durationS)
{
    nlohmann::ordered_json j;
    if (durationS)
    {
        j["duration_s"] = Num(*durationS, 6);
    }
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
        o["rtt_min_ms"] = Num(p.rttMinMs, 3);
        o["rtt_p50_ms"] = Num(p.rttP50Ms, 3);
        o["rtt_p99_ms"] = Num(p.rttP99Ms, 3);
        o["rtt_max_ms"] = Num(p.rttMaxMs, 3);
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
        o["convergence_s"] = opt(f.convergenceS);
        o["probes_lost"] = f.probesLost;
        o["longest_outage_s"] = Num(f.longestOutageS, 3);
        o["pairs_affected"] = f.pairsAffected;
        o["shifted_bps"] = Num(f.shiftedBps, 0);
        o["shifted_from"] = f.from;
        o["shifted_to"] = f.to;
        o["headline"] = FormatFailureHeadline(f);
        j["failures"].push_back(o);
    }
    return j.dump(2) + "\n";
}

} // namespace expressroute
} // namespace ns3
