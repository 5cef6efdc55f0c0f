//! Sentences of the committee's server (`backbrief serve --config`): its
//! configuration file and its start.

crate::catalogue! {
    /// The committee's server: the configuration file's errors and hints.
    pub enum CommitteeMsg {
        ConfigAt => {
            da: "{file}, linje {line}, kolonne {column}: {problem}",
            en: "{file}, line {line}, column {column}: {problem}",
        },
        ConfigUnreadable => {
            da: "Konfigurationsfilen {file} kan ikke læses: {reason}",
            en: "The configuration file {file} cannot be read: {reason}",
        },
        ConfigUnreadableHint => {
            da: "Ret stien efter --config; contrib/server.toml er et eksempel med alle nøgler.",
            en: "Correct the path after --config; contrib/server.toml is an example with every key.",
        },
        ConfigSyntax => {
            da: "filen er ikke gyldig TOML",
            en: "the file is not valid TOML",
        },
        ConfigSyntaxHint => {
            da: "Skriv nøgle = værdi, tekst i anførselstegn og lister i [ ]; contrib/server.toml viser hver nøgle.",
            en: "Write key = value, text in quotes and lists in [ ]; contrib/server.toml shows every key.",
        },
        UnknownKey => {
            da: "nøglen `{key}` kendes ikke {where}",
            en: "the key `{key}` is not known {where}",
        },
        UnknownKeyDidYouMean => {
            da: "Mente du `{suggestion}`?",
            en: "Did you mean `{suggestion}`?",
        },
        UnknownKeyKnown => {
            da: "Nøglerne her er: {keys}.",
            en: "The keys here are: {keys}.",
        },
        MissingKey => {
            da: "nøglen `{key}` mangler {where}",
            en: "the key `{key}` is missing {where}",
        },
        MissingKeyHint => {
            da: "Tilføj `{key} = …`; contrib/server.toml viser hver nøgle med et eksempel.",
            en: "Add `{key} = …`; contrib/server.toml shows every key with an example.",
        },
        WrongKind => {
            da: "`{key}` {where} har en forkert slags værdi",
            en: "`{key}` {where} has the wrong kind of value",
        },
        WrongKindHint => {
            da: "contrib/server.toml viser, hvad hver nøgle tager: tekst i anførselstegn, et tal, en liste i [ ] eller en [sektion].",
            en: "contrib/server.toml shows what each key takes: text in quotes, a number, a list in [ ] or a [section].",
        },
        TopLevel => { da: "øverst i filen", en: "at the top of the file" },
        TableNamed => { da: "i [{name}]", en: "in [{name}]" },
        RepositoryNumber => { da: "i [[repository]] nr. {number}", en: "in [[repository]] number {number}" },
        ListenInvalid => {
            da: "`listen` skal være en adresse med port, men er \"{value}\"",
            en: "`listen` must be an address with a port, but is \"{value}\"",
        },
        ListenInvalidHint => {
            da: "Skriv fx listen = \"127.0.0.1:8080\" (kun denne maskine) eller \"0.0.0.0:8080\" (alle netkort, bag proxyen); port 0 vælger en ledig.",
            en: "Write for example listen = \"127.0.0.1:8080\" (this machine only) or \"0.0.0.0:8080\" (every network card, behind the proxy); port 0 picks a free one.",
        },
        ListenNeedsSignin => {
            da: "log-ind er påkrævet for at lytte ud over denne maskine: `listen` er {address}, men der er ingen [oidc]",
            en: "sign-in is required to listen beyond this machine: `listen` is {address}, but there is no [oidc]",
        },
        ListenNeedsSigninHint => {
            da: "Tilføj en [oidc]-sektion med kommunens log-ind, eller lyt kun på denne maskine: listen = \"127.0.0.1:8080\".",
            en: "Add an [oidc] section with the municipality's sign-in, or listen on this machine only: listen = \"127.0.0.1:8080\".",
        },
        PublicUrlInvalid => {
            da: "`public_url` skal være http:// eller https:// med et værtsnavn og evt. en port, uden sti, forespørgsel eller #; \"{value}\" er ikke",
            en: "`public_url` must be http:// or https:// with a host name and perhaps a port, without path, query or #; \"{value}\" is not",
        },
        PublicUrlInvalidHint => {
            da: "Skriv den adresse, folk åbner, fx public_url = \"https://med.kommune.dk\".",
            en: "Write the address people open, for example public_url = \"https://med.kommune.dk\".",
        },
        PublicUrlRequired => {
            da: "[oidc] er angivet, så `public_url` er påkrævet",
            en: "[oidc] is given, so `public_url` is required",
        },
        PublicUrlRequiredHint => {
            da: "Udbyderen sender folk tilbage til <public_url>/auth/callback: skriv fx public_url = \"https://med.kommune.dk\" øverst i filen.",
            en: "The provider sends people back to <public_url>/auth/callback: write for example public_url = \"https://med.kommune.dk\" at the top of the file.",
        },
        ProxyInvalid => {
            da: "`trusted_proxies` indeholder \"{value}\", som ikke er en IP-adresse",
            en: "`trusted_proxies` holds \"{value}\", which is not an IP address",
        },
        ProxyInvalidHint => {
            da: "Skriv proxyens egen adresse, fx \"10.0.0.5\" eller \"::1\"; navne og net (10.0.0.0/8) forstås ikke.",
            en: "Write the proxy's own address, for example \"10.0.0.5\" or \"::1\"; names and networks (10.0.0.0/8) are not understood.",
        },
        IssuerInvalid => {
            da: "`issuer` skal være en https://-adresse (http:// kun for denne maskine), men er \"{value}\"",
            en: "`issuer` must be an https:// address (http:// only for this machine), but is \"{value}\"",
        },
        IssuerInvalidHint => {
            da: "Skriv udbyderens issuer, som dens /.well-known/openid-configuration angiver, fx \"https://login.microsoftonline.com/TENANT/v2.0\".",
            en: "Write the provider's issuer as its /.well-known/openid-configuration gives it, for example \"https://login.microsoftonline.com/TENANT/v2.0\".",
        },
        EmptyValue => {
            da: "`{key}` er tom",
            en: "`{key}` is empty",
        },
        EmptyValueHint => {
            da: "Skriv en værdi mellem anførselstegnene, eller fjern linjen, hvis nøglen kan undværes.",
            en: "Write a value between the quotes, or remove the line if the key may be left out.",
        },
        SecretNotOne => {
            da: "[oidc] skal have præcis én af `client_secret_file` og `client_secret_env`",
            en: "[oidc] must have exactly one of `client_secret_file` and `client_secret_env`",
        },
        SecretNotOneHint => {
            da: "Læg klienthemmeligheden i en fil, kun serveren kan læse (client_secret_file = \"/etc/backbrief/oidc-secret\"), eller i en miljøvariabel (client_secret_env = \"BACKBRIEF_OIDC_SECRET\").",
            en: "Put the client secret in a file only the server can read (client_secret_file = \"/etc/backbrief/oidc-secret\"), or in an environment variable (client_secret_env = \"BACKBRIEF_OIDC_SECRET\").",
        },
        SecretFileUnreadable => {
            da: "klienthemmelighedens fil {secret_file} kan ikke læses: {reason}",
            en: "the client secret's file {secret_file} cannot be read: {reason}",
        },
        SecretFileEmpty => {
            da: "klienthemmelighedens fil {secret_file} er tom",
            en: "the client secret's file {secret_file} is empty",
        },
        SecretFileHint => {
            da: "Læg den hemmelighed, udbyderen gav klienten, i filen, og giv serverens bruger lov til at læse den.",
            en: "Put the secret the provider gave the client in the file, and let the server's user read it.",
        },
        SecretEnvMissing => {
            da: "miljøvariablen {variable} med klienthemmeligheden er ikke sat eller er tom",
            en: "the environment variable {variable} with the client secret is not set or is empty",
        },
        SecretEnvHint => {
            da: "Sæt variablen i serverens miljø (fx Environment= eller EnvironmentFile= i systemd-enheden).",
            en: "Set the variable in the server's environment (for example Environment= or EnvironmentFile= in the systemd unit).",
        },
        NotPositive => {
            da: "`{key}` skal være et helt tal fra 1 til 1000000",
            en: "`{key}` must be a whole number from 1 to 1000000",
        },
        NotPositiveHint => {
            da: "contrib/server.toml viser standardværdien; fjern linjen for at bruge den.",
            en: "contrib/server.toml shows the default; remove the line to use it.",
        },
        LogInvalid => {
            da: "`log` skal være \"text\" eller \"json\", men er \"{value}\"",
            en: "`log` must be \"text\" or \"json\", but is \"{value}\"",
        },
        LogInvalidHint => {
            da: "\"text\" er til at læse i journalen; \"json\" er én JSON-linje pr. hændelse til en logsamler.",
            en: "\"text\" is for reading in the journal; \"json\" is one JSON line per event for a log collector.",
        },
        NoRepository => {
            da: "{file}: der er intet [[repository]]; mindst ét er påkrævet",
            en: "{file}: there is no [[repository]]; at least one is required",
        },
        NoRepositoryHint => {
            da: "Tilføj for hvert udvalg en sektion [[repository]] med name, path og rollerne; se contrib/server.toml.",
            en: "Add for each committee a section [[repository]] with name, path and the roles; see contrib/server.toml.",
        },
        RepositoryNameInvalid => {
            da: "`name` \"{value}\" kan ikke bruges i en adresse",
            en: "`name` \"{value}\" cannot be used in an address",
        },
        RepositoryNameInvalidHint => {
            da: "Et navn er små bogstaver a-z, cifre og bindestreger, begynder med et bogstav eller ciffer og er højst 63 tegn, fx \"lokal-med-1\".",
            en: "A name is small letters a-z, digits and hyphens, starts with a letter or digit and has at most 63 characters, for example \"lokal-med-1\".",
        },
        RepositoryNameTwice => {
            da: "`name` \"{value}\" er allerede brugt af et andet [[repository]] (linje {other_line})",
            en: "`name` \"{value}\" is already used by another [[repository]] (line {other_line})",
        },
        RepositoryNameTwiceHint => {
            da: "Hvert udvalg skal have sit eget navn: det er dets adresse og overskrift.",
            en: "Each committee needs a name of its own: it is its address and heading.",
        },
        MemberInvalid => {
            da: "`{key}` indeholder \"{value}\", som hverken er en e-mailadresse eller group:NAVN",
            en: "`{key}` holds \"{value}\", which is neither an e-mail address nor group:NAME",
        },
        MemberInvalidHint => {
            da: "Skriv en persons e-mailadresse (\"sara@kommune.dk\") eller en gruppe fra log-ind-udbyderens gruppe-claim (\"group:Lokal-MED 1\").",
            en: "Write a person's e-mail address (\"sara@kommune.dk\") or a group from the sign-in provider's group claim (\"group:Lokal-MED 1\").",
        },
    }
}
