// SPDX-License-Identifier: GPL-2.0-only
#ifndef EXPRESSROUTE_RUN_SUMMARY_H
#define EXPRESSROUTE_RUN_SUMMARY_H

// The headline answers of a run, computed from its records: per site-VNet probe pair the loss,
// round-trip times, outages and throughput; per circuit link the peak utilisation.

#include "expressroute-run-recorder.h"

#include <string>
#include <vector>

namespace ns3
{
namespace expressroute
{

/// Answers for one site-VNet pair (one probe definition).
struct PairSummary
{
    std::string probe;
    std::string site;
    std::string vnet;
    uint32_t probesSent{0};
    uint32_t probesLost{0};
    double lossPercent{0};
    bool answered{false};      ///< any probe answered; else the RTTs are unknown (null, "-")
    double rttMinMs{0};
    double rttP50Ms{0};
    double rttP99Ms{0};
    double rttMaxMs{0};
    double availabilityPercent{100};
    uint32_t outages{0};       ///< runs of consecutive lost probes
    double longestOutageS{0};  ///< from the first lost probe to the next answered one
    /// The flows between the two, both directions: bits delivered over the time from the first
    /// one's start to the last one's last packet.
    double throughputBps{0};
};

/// Peak of one circuit link.
struct LinkSummary
{
    std::string circuit;
    std::string role;
    double peakInBps{0};
    double peakOutBps{0};
    double peakUtilisation{0}; ///< max over intervals and directions, 0..1
    uint64_t droppedBits{0};
};

/// One ExpressRoute gateway over the run (gateways.csv's intervals).
struct GatewaySummary
{
    std::string vnet;
    std::string sku;
    uint64_t throughputBps{0};       ///< the SKU's cap per direction
    double peakBitsToVnetBps{0};
    double peakBitsFromVnetBps{0};
    uint64_t droppedPackets{0};      ///< at the caps, both directions, over the run
    uint32_t peakRoutesLearned{0};
    uint32_t routesLearnedSupported{0}; ///< GWPERF: 4,000 (ErGw1Az), 9,500, 60,000 (ErGwScale)
};

/// A run of consecutive lost probes of one pair (scenario times).
struct ProbeOutage
{
    Time start; ///< first lost probe sent
    Time end;   ///< next answered probe sent, or the end of the run if none answered
    uint32_t lost{0};
    bool answered{false}; ///< ended by an answered probe (else still down at the last probe)
    double Seconds() const { return (end - start).GetSeconds(); }
};

/// The outages in @p records, one pair's probes in sending order, in a run that ended at @p end
/// (scenario time): an outage no probe answered lasts until then, as one answered lasts until the
/// answer (each lost probe stands for its interval; the analysis package's outage_windows agrees).
std::vector<ProbeOutage> OutageRuns(const std::vector<const ProbeRecord*>& records, Time end);

/// Throughput of one flow: received bits over the time from its start to its last packet.
double FlowThroughputBps(const FlowRecord& flow);

/// Per pair (in @p probeOrder), of a run that ended at @p end (scenario time; OutageRuns).
std::vector<PairSummary> SummarisePairs(const std::vector<ProbeRecord>& probes,
                                        const std::vector<FlowRecord>& flows,
                                        const std::vector<std::string>& probeOrder,
                                        Time end);
std::vector<LinkSummary> SummariseLinks(const std::vector<LinkSample>& samples);
/// Per gateway, by VNet name.
std::vector<GatewaySummary> SummariseGateways(const std::vector<GatewaySample>& samples);

/// Nearest-rank percentile of @p values (0..100); 0 for an empty list.
double Percentile(std::vector<double> values, double percent);

} // namespace expressroute
} // namespace ns3

#endif // EXPRESSROUTE_RUN_SUMMARY_H
