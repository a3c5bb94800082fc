using CareHub.Domain.Common;

namespace CareHub.Domain.Referrals;

/// <summary>The social-needs (SDOH) domains an organisation helps with; an organisation may help with several.</summary>
[Flags]
public enum SdohDomain
{
    None = 0,
    Food = 1 << 0,
    Housing = 1 << 1,
    Transportation = 1 << 2,
    Utilities = 1 << 3,
    Safety = 1 << 4,
    Language = 1 << 5,
    Employment = 1 << 6,
    Education = 1 << 7,
    SocialIsolation = 1 << 8,
    Financial = 1 << 9,
}

/// <summary>
/// An organisation of the community resource directory that referrals may be sent to. The directory is shared by all
/// teams: it holds no patient data and belongs to no team.
/// </summary>
public sealed class CommunityResource : Entity
{
    public const int MaxNameLength = 200;
    public const int MaxServicesLength = 500;
    public const int MaxLanguagesLength = 200;
    public const int MaxHoursLength = 200;
    public const int MaxPhoneLength = 40;
    public const int MaxAddressLength = 300;

    /// <summary>Every domain there is (the flags together).</summary>
    public const SdohDomain AllDomains = SdohDomain.Food | SdohDomain.Housing | SdohDomain.Transportation | SdohDomain.Utilities
        | SdohDomain.Safety | SdohDomain.Language | SdohDomain.Employment | SdohDomain.Education | SdohDomain.SocialIsolation
        | SdohDomain.Financial;

    private CommunityResource() { Name = Services = Languages = Hours = Phone = Address = string.Empty; }

    public CommunityResource(string name, ReferralType type, string services, SdohDomain domains, string languages, string hours,
        string phone, string address)
    {
        Name = Guard.Text(name, "Name", MaxNameLength);
        Services = Guard.Text(services, "Services", MaxServicesLength);
        Languages = Guard.Text(languages, "Languages", MaxLanguagesLength);
        Hours = Guard.Text(hours, "Hours", MaxHoursLength);
        Phone = Guard.Text(phone, "Phone", MaxPhoneLength);
        Address = Guard.Text(address, "Address", MaxAddressLength);
        if (!Enum.IsDefined(type))
            throw new DomainRuleException("That kind of referral does not exist.");
        if ((domains & ~AllDomains) != 0)
            throw new DomainRuleException("That social-needs domain does not exist.");
        Type = type;
        Domains = domains;
        IsActive = true;
    }

    public string Name { get; private set; }

    /// <summary>The kind of referral the organisation accepts.</summary>
    public ReferralType Type { get; private set; }

    /// <summary>What the organisation offers, e.g. "Emergency food boxes; SNAP application help".</summary>
    public string Services { get; private set; }

    public SdohDomain Domains { get; private set; }

    /// <summary>The languages spoken, e.g. "English, Spanish".</summary>
    public string Languages { get; private set; }

    public string Hours { get; private set; }
    public string Phone { get; private set; }
    public string Address { get; private set; }

    /// <summary>False once the organisation is no longer offered when picking a destination.</summary>
    public bool IsActive { get; private set; }

    public bool Serves(SdohDomain domain) => domain != SdohDomain.None && (Domains & domain) == domain;

    public void Deactivate() => IsActive = false;

    public void Reactivate() => IsActive = true;
}
