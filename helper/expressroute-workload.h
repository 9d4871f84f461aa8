// SPDX-License-Identifier: GPL-2.0-only
#ifndef EXPRESSROUTE_WORKLOAD_H
#define EXPRESSROUTE_WORKLOAD_H

// Installs the scenario's probes (ProbeSender at the site's first host, ProbeResponder at the
// VNet's first VM) and traffic (constant-rate UDP with ConstantRateSender, bulk TCP with
// BulkSendApplication, PacketSink at the receiver) and connects their traces to a RunRecorder.

#include "expressroute-run-recorder.h"
#include "expressroute-scenario.h"
#include "expressroute-topology.h"

#include "ns3/application.h"
#include "ns3/node.h"

namespace ns3
{
namespace expressroute
{

/// A traffic or probe endpoint: the first host of a site or the first VM of a VNet.
struct Endpoint
{
    Ptr<Node> node;
    uint32_t address{0}; ///< host order
};

/// Resolves a site or VNet name to its first host; aborts on an unknown name (the loader has
/// already checked references).
Endpoint ResolveEndpoint(Ptr<Topology> topology, const std::string& name);
/// The host of a site with Microsoft peering that sends from the site's public prefix (the
/// address NAT would give it), and the service endpoint of a region's Microsoft services.
Endpoint ResolvePublicHost(Ptr<Topology> topology, const std::string& site);
Endpoint ResolveService(Ptr<Topology> topology, const std::string& region);

/**
 * Installs probes and traffic and wires their traces to @p recorder. Times are scenario times,
 * counted from the recorder's origin (the end of the control plane's warm-up): senders stop at
 * @p stop (or a flow's own stop time); receivers keep listening until @p listenUntil.
 */
void InstallWorkload(const Scenario& scenario,
                     Ptr<Topology> topology,
                     RunRecorder& recorder,
                     Time stop,
                     Time listenUntil);

/// The diurnal profile's rate factor at scenario time @p t: 1 at the peaks, minimum at the
/// troughs, a cosine between.
double DiurnalFactor(const DiurnalProfile& profile, Time t);

/// Sets @p app's DataRate to rateBps x DiurnalFactor now and in steps (96 per period, at most
/// 1 s apart) from simulation time @p from until @p until; scenario time 0 is @p origin.
void ScheduleDiurnal(Ptr<Application> app,
                     uint64_t rateBps,
                     const DiurnalProfile& profile,
                     Time from,
                     Time origin,
                     Time until);

} // namespace expressroute
} // namespace ns3

#endif // EXPRESSROUTE_WORKLOAD_H
