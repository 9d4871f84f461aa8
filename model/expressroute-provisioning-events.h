// SPDX-License-Identifier: GPL-2.0-only
#ifndef EXPRESSROUTE_PROVISIONING_EVENTS_H
#define EXPRESSROUTE_PROVISIONING_EVENTS_H

// The provisioning workflow on the what-if timeline (references.md §10): a circuit carries nothing
// until its provider has provisioned it and its peerings are configured.
//  - CircuitProvisioning (target "<circuit>", attribute State): the provider's state moves to
//    NotProvisioned, Provisioning or Provisioned. Provisioned brings the circuit's links up and
//    starts the BGP sessions of its configured peerings; leaving Provisioned (deprovisioning)
//    stops them and takes the links down.
//  - PeeringConfiguration (target "<circuit>/<AzurePrivate|Microsoft>"): the peering is
//    configured; its sessions start if the circuit is provisioned (else when it is).
// Both are instantaneous steps (a duration has no effect); events.csv records them as
// ProvisioningStarted.

#include "expressroute-bgp-speaker.h"
#include "expressroute-failure.h"
#include "expressroute-limits.h"

#include <vector>

namespace ns3
{
namespace expressroute
{

class Circuit;

/// The sessions of a circuit's peering on both links: (speaker, peer index), MSEE sides and
/// edge sides.
std::vector<std::pair<Ptr<BgpSpeaker>, uint32_t>> PeeringSessions(Ptr<Topology> topology,
                                                                  Ptr<Circuit> circuit,
                                                                  PeeringType type);

class CircuitProvisioning : public Failure
{
  public:
    static TypeId GetTypeId();
    FailureTargetKind GetTargetKind() const override { return FailureTargetKind::Circuit; }
    std::string GetCategory() const override { return "Provisioning"; }
    bool TakesDuration() const override { return false; }

  protected:
    std::string DoBind() override;
    void DoStart() override;
    void DoClear() override {}
    void DoDispose() override;

  private:
    Ptr<Circuit> m_circuit;
    ProvisioningState m_state{ProvisioningState::Provisioned};
};

class PeeringConfiguration : public Failure
{
  public:
    static TypeId GetTypeId();
    FailureTargetKind GetTargetKind() const override { return FailureTargetKind::Peering; }
    std::string GetCategory() const override { return "Provisioning"; }
    bool TakesDuration() const override { return false; }

  protected:
    std::string DoBind() override;
    void DoStart() override;
    void DoClear() override {}
    void DoDispose() override;

  private:
    Ptr<Circuit> m_circuit;
    PeeringType m_type{PeeringType::AzurePrivate};
};

} // namespace expressroute
} // namespace ns3

#endif // EXPRESSROUTE_PROVISIONING_EVENTS_H
