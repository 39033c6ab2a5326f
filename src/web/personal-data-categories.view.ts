import type { AppConfig } from '../config/app-config';

/** One category of personal data as the information page lists it (GDPR art. 13). */
export interface PersonalDataCategory {
  readonly name: string;
  readonly what: string;
  readonly why: string;
  readonly source: string;
  readonly seenBy: string;
  readonly keptFor: string;
}

/**
 * Each category of personal data the service holds: what, why, from where, who sees it and how
 * long it is kept, worded from the same settings the nightly disposal uses
 * (`retention/people-disposal.service.ts`, `retention.service.ts`), so the page never says
 * another period than the one applied.
 */
export function personalDataCategories(
  retention: AppConfig['retention'],
): readonly PersonalDataCategory[] {
  const years = `${retention.yearsAfterLeaving} år`;
  return [
    {
      name: 'Elevens namn, personnummer, skola, klass och vårdnadshavare',
      what: 'Namn, personnummer, skyddad identitet, inskrivning (skola, skolform, årskurs, start- och slutdatum), klass och vem som är vårdnadshavare.',
      why: 'För att rätt elev ska få rätt plan och för att eleven, vårdnadshavarna och skolans personal ska kunna nå den.',
      source: 'Skolans register (det skoladministrativa systemet), som Sektor Lärande läser in.',
      seenBy:
        'Eleven själv, elevens vårdnadshavare, elevens mentor och lärare samt rektor. Namn syns i klasslistan för klassen, utom för den som har skyddade personuppgifter.',
      keptFor: `Så länge eleven har en IUP kvar: uppgifterna tas bort när elevens sista IUP gallras, ${years} efter att eleven lämnat grundskolan (inte medan en begäran om allmän handling eller ett överklagande om eleven pågår).`,
    },
    {
      name: 'Individuell utvecklingsplan (IUP)',
      what: 'Skriftliga omdömen, elevens självskattning, mål och insatser, överenskommelser från utvecklingssamtalet och vårdnadshavarnas kommentarer.',
      why: 'Skollagen kräver en individuell utvecklingsplan; den följer upp elevens lärande.',
      source: 'Mentorn och lärarna, eleven och vårdnadshavarna skriver den tillsammans.',
      seenBy:
        'Eleven, elevens vårdnadshavare, mentorn, lärarna (sina ämnen) och rektor. Sektor Lärande vid en begäran om allmän handling, alltid efter en sekretessprövning.',
      keptFor: `${years} efter att eleven lämnat grundskolan, sedan gallras den. Längre bara när en pågående begäran om allmän handling eller ett överklagande kräver det.`,
    },
    {
      name: 'Vårdnadshavares namn och personnummer',
      what: 'Namn, personnummer och skyddad identitet.',
      why: 'För att du ska kunna logga in och se ditt barns IUP.',
      source: 'Skolans register, som Sektor Lärande läser in.',
      seenBy:
        'Du själv; barnets mentor och lärare. Ditt namn syns i klasslistan för ditt barns klass, utom om du eller barnet har skyddade personuppgifter.',
      keptFor:
        'Så länge du har ett barn vars planer finns kvar. När ditt sista barns uppgifter tas bort tas dina bort samtidigt, om du inte har någon annan roll i tjänsten.',
    },
    {
      name: 'Kontaktuppgifter och bild som du själv lägger in',
      what: 'Adress, telefon, mobiltelefon, e-postadress och bild, och ditt val av vilka av dem som visas i klasslistan.',
      why: 'För klasslistan i ditt barns klass.',
      source: 'Du själv, under Min profil. En inläsning från skolans register ändrar dem aldrig.',
      seenBy:
        'Du själv. I ditt barns klasslista ser vårdnadshavare och personal bara det du har valt att visa, uppgift för uppgift (om du inte har valt något bara ditt namn). Den som har skyddade personuppgifter visas inte, och deras adress finns inte i tjänsten.',
      keptFor: `Tills du inte längre har något barn inskrivet i kommunens skolor; ${retention.guardianContactGraceDays} dagar efter att ditt sista barn slutat tas de bort. Finns en e-postadress får du ett meddelande innan.`,
    },
    {
      name: 'Aviseringar via e-post som du väljer',
      what: 'Vilka e-postmeddelanden du vill få (en ny plan kan förberedas, utvecklingssamtalet bokat eller flyttat, planen fastställd, svar på din kommentar), e-postadressen de skickas till och de meddelanden som skickats. Meddelandena innehåller aldrig något ur planen.',
      why: 'För att du ska få veta när något händer med din eller ditt barns plan, om du har valt det.',
      source:
        'Du själv, under Aviseringar via e-post. Adressen föreslås från din profil men sparas först när du väljer något.',
      seenBy:
        'Du själv. Ingen annan vårdnadshavare ser ditt val eller din adress, och varje meddelande skickas bara till dig.',
      keptFor: `Tills du väljer bort dem (då sparas ingen adress), eller ${retention.guardianContactGraceDays} dagar efter att eleven eller ditt sista barn slutat i kommunens skolor. Skickade meddelanden tas bort efter ${retention.guardianContactGraceDays} dagar.`,
    },
    {
      name: 'Bokade utvecklingssamtal',
      what: 'Vilken tid som är bokad för ditt barns utvecklingssamtal, vem av vårdnadshavarna som bokade och när, om påminnelsen dagen före har skickats, och om du och en annan vårdnadshavare har sagt att ni bokar samtalen tillsammans. Mentorn publicerar tiderna med dag, tid och plats.',
      why: 'För att du ska kunna boka, flytta och avboka samtalet och få en påminnelse dagen före, och för att mentorn ska veta vem som kommer. Den bokade dagen blir samtalsdatum i barnets utkast till plan.',
      source:
        'Du själv när du bokar under Mina barn. Har ni båda sagt att ni bokar tillsammans delar ni en bokning, och båda kan flytta eller avboka den; den ena vårdnadshavarens ord räcker inte.',
      seenBy:
        'Du och den du bokar tillsammans med, och barnets mentor. Andra familjer ser bara att en tid är bokad, aldrig av vem eller för vilket barn.',
      keptFor: `${retention.talkKeepDays} dagar efter samtalet; sedan tas tiden och bokningen bort. Datumet står kvar i planen.`,
    },
    {
      name: 'Personalens namn, personnummer och uppdrag',
      what: 'Namn, personnummer och uppdrag (mentor, lärare, rektor, handläggare, arkivarie, administratör), och rektorns påminnelser till en mentor om hur många elever i klassen som saknar plan eller utvecklingssamtal.',
      why: 'För att personalen ska kunna göra sitt arbete med planerna och ärendena.',
      source: 'Skolans register och Sektor Lärande.',
      seenBy:
        'Eleverna och vårdnadshavarna ser mentorns och lärarnas namn; Sektor Lärande ser alla.',
      keptFor: `Så länge uppdraget finns. När sista uppdraget slutar stängs kontot direkt och tas bort efter ${retention.staffAccountDeleteDays} dagar. Rektorns påminnelser tas bort när terminen de gällde är slut.`,
    },
    {
      name: 'Konto och inloggning',
      what: 'Användarnamn, när du senast loggade in och misslyckade inloggningar.',
      why: 'För att bara rätt person ska kunna logga in, och för att upptäcka intrång.',
      source: 'Tjänsten, när du loggar in (med e-legitimation eller lösenord).',
      seenBy: 'Kommunens administratörer.',
      keptFor: 'Lika länge som uppgifterna om dig ovan; kontot tas bort tillsammans med dem.',
    },
    {
      name: 'Begäran om allmän handling',
      what: 'Det som begärs, de kontaktuppgifter som behövs för att lämna ut handlingarna, beslut och utlämnade kopior. Du kan vara anonym.',
      why: 'För att pröva och besvara begäran enligt tryckfrihetsförordningen och offentlighets- och sekretesslagen.',
      source: 'Den som begär handlingarna.',
      seenBy: 'Handläggarna vid Sektor Lärande.',
      keptFor: `${retention.requestYears} år efter att ärendet avslutats, sedan gallras det med beslut och kopior.`,
    },
    {
      name: 'Registerutdrag',
      what: 'Det du har begärt att få veta om dig själv: en kopia av alla uppgifter ovan som rör dig och dina barn, som PDF och som JSON-fil, och när du begärde den, när den togs fram och skickades.',
      why: 'För att du ska få veta vilka personuppgifter om dig som behandlas (artikel 15 i dataskyddsförordningen).',
      source: 'Tjänsten, ur uppgifterna ovan, när du eller Sektor Lärande begär utdraget.',
      seenBy: 'Du själv och den vid Sektor Lärande som tar fram och skickar utdraget.',
      keptFor: `Filerna tas bort ${retention.registerExtractKeepDays} dagar efter att utdraget skickats; uppgiften om när du begärde det och när det skickades finns kvar så länge uppgifterna om dig finns.`,
    },
    {
      name: 'Loggen över läsningar och ändringar',
      what: 'Vem som läste eller ändrade vad och när, med id-nummer och diarienummer – inga namn och inga personnummer.',
      why: 'För att kunna följa upp att bara behöriga har läst uppgifter om ett barn.',
      source: 'Tjänsten, vid varje läsning och ändring.',
      seenBy:
        'Kommunens administratörer och den som granskar säkerheten. Eleven och vårdnadshavarna ser under ”Vem har läst planen” vilka roller som har läst elevens plan och när, men inte vem.',
      keptFor:
        'Loggen kan inte ändras i efterhand. När en person tagits bort finns hen bara kvar som ett id-nummer som inte längre pekar på någon.',
    },
  ];
}
