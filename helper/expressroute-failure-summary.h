// SPDX-License-Identifier: GPL-2.0-only
#ifndef EXPRESSROUTE_FAILURE_SUMMARY_H
#define EXPRESSROUTE_FAILURE_SUMMARY_H

// The headline answer per failure: when the control plane noticed, when routing settled, what
// the probes lost, and where circuit traffic went. Computed from the run's records (events,
// bgp, routes, probes, links), so the analysis package can recompute the same from the files.

#include "expressroute-run-recorder.h"

#include "ns3/nstime.h"

#include <array>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace ns3
{
namespace expressroute
{

/// What one failure did to one site-VNet pair (a probe): the answer an architect acts on.
struct FailurePairAnswer
{
    std::string probe;
    std::string site;
    std::string vnet;
    /// Lost probes and the time without answers (first lost to next answered probe) in the
    /// outages charged to the failure that began before it cleared.
    uint32_t probesLost{0};
    double lostS{0};
    /// How many outages those were, and the pair's probes sent from the start until the clear
    /// (or the end), or until the last of those outages ended if later: "lost 9 of 12".
    uint32_t outages{0};
    uint32_t probesSent{0};
    /// Scenario time of the answered probe that ended the last of those outages; unset when the
    /// pair had none or was not answered again before the end.
    std::optional<double> recoveredS;
    /// A real outage: the last of those outages lasted until the failure cleared (or the end of
    /// the run), and either it was the only one (every probe lost since the loss began) or the
    /// pair's path during was "no path". A pair that kept a path and was answered between its
    /// losses lost probes, not its path.
    bool noPathUntilCleared{false};
    /// Links on the pair's path during the failure that were over 80 % (linksOver80): where a
    /// pair that kept its path lost probes to congestion.
    std::vector<std::string> congestedLinks;
    /// The failure cleared before the end of the run (false: it lasted to the end).
    bool failureCleared{true};
    /// Outages charged to the failure that began after it cleared (failing back).
    uint32_t failbackProbesLost{0};
    double failbackLostS{0};
    /// Path kinds (DescribePathKind) before, during (once routing settled) and after.
    std::string pathBefore;
    std::string pathDuring;
    std::string pathAfter;
    /// Median RTT of the answered probes before the failure, during it after the pair
    /// recovered, and after it cleared; unset when no probe was answered then.
    std::optional<double> rttBeforeMs;
    std::optional<double> rttDuringMs;
    std::optional<double> rttAfterMs;
};

struct FailureSummary
{
    std::string kind;
    std::string target;
    std::string detail;
    double startS{0};
    std::optional<double> clearedS;     ///< unset: not cleared before the end
    /// Detection as the customer sees it, from the start: the first BFD or BGP session down at
    /// a customer edge router (of a link or circuit in its reach, when failures start together);
    /// when none went down, the first lost probe charged to the failure; unset when neither
    /// happened.
    std::optional<double> detectionS;
    /// What detected it: "BFD at site/hq/ce1 (er-ams/primary/AzurePrivate)", "BGP at ...",
    /// "lost probe hq-to-hub".
    std::string detectedBy;
    /// First reaction anywhere (BFD or BGP state change, NOTIFICATION, best-path change at any
    /// router, Microsoft's included), from the start.
    std::optional<double> firstReactionS;
    /// Last best-path change of the burst that follows the first reaction (changes less than
    /// 2 s apart, before the failure clears or the next one starts), from the start; unset
    /// when no route changed.
    std::optional<double> convergenceS;
    /// Probes lost in the outages that began while this was the latest failure to start: the
    /// cost of the failure, including an outage that outlasts it.
    uint32_t probesLost{0};
    double longestOutageS{0}; ///< longest of those outages (first lost to next answered probe)
    /// From the start to the end of the last outage charged to the failure that began before
    /// it cleared: when the last affected pair was answered again. Unset when a pair was still
    /// unanswered at the end; 0 when no probe was lost.
    std::optional<double> recoveryS;
    /// Per pair that lost probes or whose path changed: the per-pair answer.
    std::vector<FailurePairAnswer> pairs;
    std::vector<std::string> pairsAffected; ///< probes that lost anything
    /// Circuits whose customer-side sessions (<circuit>/<role>/<peering>) left Established
    /// while the failure was the latest to start: what it actually reached. Of failures that
    /// started at the same instant, only those in its reach (FailureReach::circuitLinks).
    std::vector<std::string> circuitsDown;
    /// Other failures that started at the same instant ("<kind> <target>"): the route changes,
    /// convergence and traffic moves of that instant are theirs too (shared, not told apart).
    std::vector<std::string> startedWith;
    /// Circuit-link throughput (in + out) before the failure and once it converged: the links
    /// that lost traffic, the links that gained it, and how much moved: the smaller of the sum
    /// of the losses and of the gains (a WAN link and the circuit after it both gain).
    std::vector<std::string> from;
    std::vector<std::string> to;
    double shiftedBps{0};
    /// Circuit links ("<circuit>/<role>") whose busier direction carried more than 80 % of
    /// their bandwidth on average once the failure converged, with that share in percent: the
    /// headroom left.
    std::vector<std::pair<std::string, double>> linksOver80;
    /// Other failures charged with the same lost probes, because their paths crossed both
    /// ("<kind> <target>").
    std::vector<std::string> sharedWith;
};

/// Which probes' paths (there and back, just before the failure started) crossed what a
/// failure acts on; not known for kinds that cannot say (then the time rule alone applies).
struct FailureReach
{
    std::string kind;
    std::string target;
    double startS{0};
    std::set<std::string> probes;
    bool known{false};
    /// Circuit links ("<circuit>/<role>") the failure acts on (known reach only): each circuit
    /// or access link in its reach, and each that ends on a node in its reach. Of failures that
    /// start at the same instant, a circuit's session going down is charged to those whose reach
    /// holds its link, else its circuit.
    std::set<std::string> circuitLinks;
    /// Circuit links ("<circuit>/<role>") on the paths of those probes that changed between just
    /// before the failure and just before it cleared (or the end): the only links whose change of
    /// traffic the failure explains (shifted_from / shifted_to); load drift elsewhere is not.
    std::set<std::string> movedLinks;
    bool movedKnown{false};
    /// Per probe, the kind of its path there (DescribePathKind, over the source ports tried):
    /// just before the failure, just before it clears (or the end of the run), and just before
    /// the next failure starts after it cleared (or the end); "" where not traced.
    std::map<std::string, std::array<std::string, 3>> pathKinds;
    /// Per probe, the circuit links, VPN tunnels and WAN links ("<circuit>/<role>", as links.csv
    /// names them) on its paths there and back just before the failure clears (or the end): where
    /// a pair that keeps its path meets a congested link.
    std::map<std::string, std::set<std::string>> linksDuring;
};

/// A run of lost probes of a pair is charged to the failures active when it began (started, not
/// yet cleared; else the one that started last before it) whose reach includes the pair; when
/// none is known to, to the one of them that started last. Several charged failures share it.
/// A failure no customer session saw is detected when its first lost probe timed out, @p
/// probeTimeout after it was sent (ProbeSender::Timeout).
std::vector<FailureSummary> SummariseFailures(const std::vector<FailureEventRecord>& events,
                                              const std::vector<BgpEventRecord>& bgp,
                                              const std::vector<RouteRecord>& routes,
                                              const std::vector<ProbeRecord>& probes,
                                              const std::vector<LinkSample>& links,
                                              Time duration,
                                              const std::vector<FailureReach>& reach = {},
                                              Time probeTimeout = Seconds(1));

/// One line per failure for the printed summary: "PeeringLocationOutage Amsterdam at 5 s: ...".
std::string FormatFailureHeadline(const FailureSummary& f);

/// One line per affected pair: "chi-cus (chi-dc -> prod-cus): lost 1.00 s (4 probes), then VPN
/// chi-vpn until the clear; RTT 14.55 ms -> 22.50 ms; ...".
std::string FormatFailurePair(const FailurePairAnswer& p);

} // namespace expressroute
} // namespace ns3

#endif // EXPRESSROUTE_FAILURE_SUMMARY_H
