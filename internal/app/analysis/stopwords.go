package analysis

import "strings"

// germanStopWords are the German function words left out of word counts:
// articles, pronouns, prepositions, conjunctions, auxiliary and modal
// verbs (with the subjunctive forms of reported speech that protocols are
// full of: sei, habe, würden), particles and small numbers. Lower case.
var germanStopWords = makeStopWords(`
ab aber alle allem allen aller alles als also am an ander andere anderem anderen anderer anderes
anders auch auf aus außer außerdem bei beide beiden beim bereits bin bis bisher bist bzw
da dabei dadurch dafür dagegen daher dahin damals damit danach daneben dann daran darauf daraus
darin darum darunter darüber das dass davon davor dazu dein deine deinem deinen deiner dem demnach
den denen denn dennoch der deren derer des deshalb dessen dich die dies diese diesem diesen dieser
dieses dir doch dort du durch eben ebenfalls eher ein eine einem einen einer eines einig einige
einigem einigen einiger einiges einmal er es etwa etwas euch euer eure eurem euren eurer für
gab gibt ganz gar gegen gegenüber gehabt gewesen habe haben hat hatte hatten hätte hätten hier
hin hinter ich ihm ihn ihnen ihr ihre ihrem ihren ihrer ihres im immer in indem ins ist ja je
jede jedem jeden jeder jedes jedoch jene jenem jenen jener jenes jetzt kann kannst kaum kein
keine keinem keinen keiner keines können könne könnte könnten man manche manchem manchen mancher
manches mehr mein meine meinem meinen meiner meines mich mir mit muss musste mussten müsse müssen
müsste nach nachdem neben nein nicht nichts noch nun nur ob obwohl oder ohne sehr sei seien sein
seine seinem seinen seiner seines seit seitdem selbst sich sie sind so sogar solche solchem
solchen solcher solches soll solle sollen sollte sollten sondern sowie sowohl statt um und uns
unser unsere unserem unseren unserer unter usw viel viele vielen vom von vor wann war waren warum
was weder weil welche welchem welchen welcher welches wenn wer werde werden wie wieder wir wird
wirst wo wobei wollen wollte wollten worden wurde wurden während würde würden zu zum zur zwar
zwischen über
eins zwei drei vier fünf sechs sieben acht neun zehn
z.b ca bzw ggf etc
`)

func makeStopWords(list string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(list) {
		m[w] = true
	}
	return m
}

// IsStopWord reports whether a word (any case) is a German stop word that
// word counts leave out.
func IsStopWord(w string) bool { return germanStopWords[strings.ToLower(w)] }
