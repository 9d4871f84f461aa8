// SPDX-License-Identifier: GPL-2.0-only
#ifndef EXPRESSROUTE_FAILURE_MAINTENANCE_DRAIN_H
#define EXPRESSROUTE_FAILURE_MAINTENANCE_DRAIN_H

// Microsoft's maintenance drain of one circuit link: the MSEE prepends its AS path on every
// session of that link so that the customer moves traffic to the other link before the work
// (references.md §8, FAQ). Cleared: the prepend is removed.

#include "expressroute-failure.h"
#include "expressroute-bgp-speaker.h"

#include <utility>
#include <vector>

namespace ns3
{
namespace expressroute
{

class MaintenanceDrain : public Failure
{
  public:
    static TypeId GetTypeId();
    FailureTargetKind GetTargetKind() const override { return FailureTargetKind::CircuitLink; }

  protected:
    std::string DoBind() override;
    void DoStart() override;
    void DoClear() override;

  private:
    Ptr<BgpSpeaker> m_speaker;
    std::vector<std::pair<uint32_t, BgpPeerPolicy>> m_saved; ///< peer, policy before the drain
    uint32_t m_prepend{3};
};

} // namespace expressroute
} // namespace ns3

#endif // EXPRESSROUTE_FAILURE_MAINTENANCE_DRAIN_H
