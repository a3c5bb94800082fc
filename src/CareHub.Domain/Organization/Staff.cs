using CareHub.Domain.Common;

namespace CareHub.Domain.Organization;

/// <summary>The roles of DESIGN.md; they match the app roles of the Entra ID registration.</summary>
public enum StaffRole
{
    Coordinator,
    Nurse,
    SocialWorker,
    CommunityHealthWorker,
    Physician,
    Manager,
    Admin,
}

/// <summary>A member of staff: someone who signs in and does care-management work.</summary>
public sealed class Staff : VersionedEntity
{
    private Staff() { GivenName = FamilyName = Email = Discipline = string.Empty; }

    public Staff(string givenName, string familyName, string email, StaffRole role, string discipline)
    {
        GivenName = Guard.Text(givenName, "Given name", 100);
        FamilyName = Guard.Text(familyName, "Family name", 100);
        Email = Guard.Text(email, "Email", 254).ToLowerInvariant();
        var at = Email.IndexOf('@', StringComparison.Ordinal);
        if (at <= 0 || at != Email.LastIndexOf('@') || at == Email.Length - 1 || Email.Any(char.IsWhiteSpace))
            throw new DomainRuleException("Email must look like name@example.org.");
        Role = role;
        Discipline = Guard.Text(discipline, "Discipline", 100);
    }

    public string GivenName { get; private set; }
    public string FamilyName { get; private set; }
    public string Email { get; private set; }
    public StaffRole Role { get; private set; }
    public string Discipline { get; private set; }
    public bool IsActive { get; private set; } = true;

    public string DisplayName => $"{GivenName} {FamilyName}";

    public void Deactivate() => IsActive = false;

    public void ChangeRole(StaffRole role) => Role = role;
}
