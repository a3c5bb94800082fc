using CareHub.Domain.Organization;

namespace CareHub.Data.Seeding;

/// <summary>The demo organisation: named by hand so that a demo reads like a real team. All synthetic.</summary>
internal static class DemoStaff
{
    public static readonly (string Code, string Name, FacilityKind Kind, (string Code, string Name, UnitKind Kind, int Beds)[] Units)[] Facilities =
    [
        ("RGH", "Riverside General Hospital", FacilityKind.AcuteCareHospital,
        [
            ("ED", "Emergency Department", UnitKind.Emergency, 40),
            ("OBS", "Observation Unit", UnitKind.Observation, 16),
            ("4W", "4 West Medical-Surgical", UnitKind.MedicalSurgical, 32),
            ("5E", "5 East Telemetry", UnitKind.Telemetry, 28),
            ("ICU", "Medical ICU", UnitKind.IntensiveCare, 16),
        ]),
        ("SBM", "St. Brigid Medical Center", FacilityKind.AcuteCareHospital,
        [
            ("ED", "Emergency Department", UnitKind.Emergency, 30),
            ("OBS", "Clinical Decision Unit", UnitKind.Observation, 12),
            ("3N", "3 North Medical", UnitKind.MedicalSurgical, 30),
            ("2S", "2 South Cardiac", UnitKind.Telemetry, 24),
            ("CCU", "Critical Care Unit", UnitKind.IntensiveCare, 12),
        ]),
        ("MGS", "Maple Grove Skilled Nursing", FacilityKind.SkilledNursingFacility,
        [
            ("A", "Rehab Wing A", UnitKind.SkilledNursing, 40),
            ("B", "Long-Term Wing B", UnitKind.SkilledNursing, 40),
        ]),
    ];

    public static readonly (string Name, string Description)[] Teams =
    [
        ("North Clinic Care Team", "Complex care for the North Clinic panel"),
        ("East Valley Care Team", "Medicaid and dual-eligible members in East Valley"),
        ("Downtown Complex Care", "High-utiliser programme, downtown clinics"),
        ("Senior Transitions Team", "Medicare Advantage transitions of care"),
    ];

    /// <summary>Given, family, role, discipline, teams (indexes into <see cref="Teams"/>).</summary>
    public static readonly (string Given, string Family, StaffRole Role, string Discipline, int[] Teams)[] People =
    [
        ("Maria", "Alvarez", StaffRole.Coordinator, "Care coordination", [0]),
        ("Devon", "Okafor", StaffRole.Coordinator, "Care coordination", [0]),
        ("Hannah", "Lindqvist", StaffRole.Nurse, "Nurse case management", [0]),
        ("Samuel", "Tran", StaffRole.SocialWorker, "Social work", [0]),
        ("Rosa", "Delgado", StaffRole.CommunityHealthWorker, "Community health", [0]),
        ("Priya", "Raman", StaffRole.Physician, "Internal medicine", [0]),
        ("James", "Whitfield", StaffRole.Coordinator, "Care coordination", [1]),
        ("Aisha", "Mensah", StaffRole.Coordinator, "Care coordination", [1]),
        ("Karen", "Holloway", StaffRole.Nurse, "Nurse case management", [1]),
        ("Luis", "Herrera", StaffRole.SocialWorker, "Social work", [1]),
        ("Fatima", "Yusuf", StaffRole.CommunityHealthWorker, "Community health", [1]),
        ("Daniel", "Kim", StaffRole.Physician, "Family medicine", [1]),
        ("Olivia", "Bennett", StaffRole.Coordinator, "Care coordination", [2]),
        ("Marcus", "Reid", StaffRole.Coordinator, "Care coordination", [2]),
        ("Grace", "Nakamura", StaffRole.Nurse, "Nurse case management", [2]),
        ("Ahmed", "Farouk", StaffRole.SocialWorker, "Social work", [2]),
        ("Tanya", "Brooks", StaffRole.CommunityHealthWorker, "Community health", [2]),
        ("Elena", "Petrova", StaffRole.Physician, "Psychiatry", [2]),
        ("Ruth", "Goldberg", StaffRole.Coordinator, "Care coordination", [3]),
        ("Kwame", "Asante", StaffRole.Coordinator, "Care coordination", [3]),
        ("Linda", "Park", StaffRole.Nurse, "Nurse case management", [3]),
        ("Miguel", "Santos", StaffRole.SocialWorker, "Social work", [3]),
        ("Beatrice", "Dubois", StaffRole.CommunityHealthWorker, "Community health", [3]),
        ("Robert", "Chen", StaffRole.Physician, "Geriatrics", [3]),
        ("Sandra", "Morales", StaffRole.Manager, "Care management", [0, 1]),
        ("Victor", "Lang", StaffRole.Manager, "Care management", [2, 3]),
        ("Nina", "Kowalski", StaffRole.Admin, "Clinical informatics", []),
    ];

    public static string EmailOf(string given, string family) =>
        $"{given}.{family}@carehub.example".ToLowerInvariant();
}
