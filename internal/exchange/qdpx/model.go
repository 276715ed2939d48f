// Package qdpx reads and writes REFI-QDA exchange files (QDA-XML 1.0,
// REFI-QDA 1.5): projects (.qdpx: a zip with project.qde and the source
// texts) and codebooks (.qdc). It converts between those files and a
// qda.Snapshot, and at this edge only: positions become rune offsets into
// canonical text, whatever the dialect of the tool that wrote the file.
//
// What a protocoder project holds beyond REFI-QDA (guidelines, interview
// records, the interview plan, code references to questions, document
// kinds) travels in an extra zip entry, protocoder.json, which other tools
// ignore; the project.qde alone validates against Project-mrt2019.xsd.
package qdpx

import "encoding/xml"

// Namespaces of the two file kinds.
const (
	NSProject  = "urn:QDA-XML:project:1.0"
	NSCodebook = "urn:QDA-XML:codebook:1.0"
)

// nsAliases maps the namespaces of drafts of QDA-XML that programs still
// write to the namespace of 1.0, whose elements they share: MAXQDA 24 and
// ATLAS.ti 23/24 write codebooks in "urn:QDA-XML:codebook:0:4", and
// QualCoder's importer accepts both.
var nsAliases = map[string]string{
	"urn:QDA-XML:codebook:0:4": NSCodebook,
	"urn:QDA-XML:project:0:4":  NSProject,
}

// xProject is the root of project.qde.
type xProject struct {
	XMLName       xml.Name    `xml:"urn:QDA-XML:project:1.0 Project"`
	Name          string      `xml:"name,attr"`
	Origin        string      `xml:"origin,attr,omitempty"`
	CreatingUser  string      `xml:"creatingUserGUID,attr,omitempty"`
	Created       string      `xml:"creationDateTime,attr,omitempty"`
	ModifyingUser string      `xml:"modifyingUserGUID,attr,omitempty"`
	Modified      string      `xml:"modifiedDateTime,attr,omitempty"`
	BasePath      string      `xml:"basePath,attr,omitempty"`
	Users         *xUsers     `xml:"Users"`
	CodeBook      *xCodeBook  `xml:"CodeBook"`
	Variables     *xVariables `xml:"Variables"`
	Cases         *xCases     `xml:"Cases"`
	Sources       *xSources   `xml:"Sources"`
	Notes         *xNotes     `xml:"Notes"`
	Links         *xAny       `xml:"Links"`
	Sets          *xSets      `xml:"Sets"`
	Graphs        *xAny       `xml:"Graphs"`
	Description   string      `xml:"Description,omitempty"`
	NoteRefs      []xRef      `xml:"NoteRef"`
}

type xUsers struct {
	Users []xUser `xml:"User"`
}

type xUser struct {
	GUID string `xml:"guid,attr"`
	Name string `xml:"name,attr,omitempty"`
	ID   string `xml:"id,attr,omitempty"`
}

type xCodeBook struct {
	Codes xCodes `xml:"Codes"`
}

type xCodes struct {
	Codes []xCode `xml:"Code"`
}

type xCode struct {
	GUID        string  `xml:"guid,attr"`
	Name        string  `xml:"name,attr"`
	IsCodable   bool    `xml:"isCodable,attr"`
	Color       string  `xml:"color,attr,omitempty"`
	Description string  `xml:"Description,omitempty"`
	NoteRefs    []xRef  `xml:"NoteRef"`
	Codes       []xCode `xml:"Code"`
}

type xVariables struct {
	Variables []xVariable `xml:"Variable"`
}

type xVariable struct {
	GUID        string `xml:"guid,attr"`
	Name        string `xml:"name,attr"`
	Type        string `xml:"typeOfVariable,attr"`
	Description string `xml:"Description,omitempty"`
}

type xCases struct {
	Cases []xCase `xml:"Case"`
}

type xCase struct {
	GUID          string      `xml:"guid,attr"`
	Name          string      `xml:"name,attr,omitempty"`
	Description   string      `xml:"Description,omitempty"`
	CodeRefs      []xRef      `xml:"CodeRef"`
	Values        []xVarValue `xml:"VariableValue"`
	SourceRefs    []xRef      `xml:"SourceRef"`
	SelectionRefs []xRef      `xml:"SelectionRef"`
}

// xVarValue is a VariableValue; exactly one of the value elements is set.
type xVarValue struct {
	Ref      xRef    `xml:"VariableRef"`
	Text     *string `xml:"TextValue"`
	Boolean  *string `xml:"BooleanValue"`
	Integer  *string `xml:"IntegerValue"`
	Float    *string `xml:"FloatValue"`
	Date     *string `xml:"DateValue"`
	DateTime *string `xml:"DateTimeValue"`
}

// value returns the value as text, whatever its element.
func (v *xVarValue) value() string {
	for _, p := range []*string{v.Text, v.Boolean, v.Integer, v.Float, v.Date, v.DateTime} {
		if p != nil {
			return *p
		}
	}
	return ""
}

type xRef struct {
	Target string `xml:"targetGUID,attr"`
}

type xSources struct {
	Text    []xTextSource `xml:"TextSource"`
	Picture []xGUIDOnly   `xml:"PictureSource"`
	PDF     []xPDFSource  `xml:"PDFSource"`
	Audio   []xGUIDOnly   `xml:"AudioSource"`
	Video   []xGUIDOnly   `xml:"VideoSource"`
}

// xTextSource is a TextSource or a Note (same type in the schema).
type xTextSource struct {
	GUID          string       `xml:"guid,attr"`
	Name          string       `xml:"name,attr,omitempty"`
	RichTextPath  string       `xml:"richTextPath,attr,omitempty"`
	PlainTextPath string       `xml:"plainTextPath,attr,omitempty"`
	CreatingUser  string       `xml:"creatingUser,attr,omitempty"`
	Created       string       `xml:"creationDateTime,attr,omitempty"`
	ModifyingUser string       `xml:"modifyingUser,attr,omitempty"`
	Modified      string       `xml:"modifiedDateTime,attr,omitempty"`
	Description   string       `xml:"Description,omitempty"`
	Content       *string      `xml:"PlainTextContent"`
	Selections    []xSelection `xml:"PlainTextSelection"`
	Codings       []xCoding    `xml:"Coding"`
	NoteRefs      []xRef       `xml:"NoteRef"`
	Values        []xVarValue  `xml:"VariableValue"`
}

type xSelection struct {
	GUID          string    `xml:"guid,attr"`
	Name          string    `xml:"name,attr,omitempty"`
	Start         int64     `xml:"startPosition,attr"`
	End           int64     `xml:"endPosition,attr"`
	CreatingUser  string    `xml:"creatingUser,attr,omitempty"`
	Created       string    `xml:"creationDateTime,attr,omitempty"`
	ModifyingUser string    `xml:"modifyingUser,attr,omitempty"`
	Modified      string    `xml:"modifiedDateTime,attr,omitempty"`
	Description   string    `xml:"Description,omitempty"`
	Codings       []xCoding `xml:"Coding"`
	NoteRefs      []xRef    `xml:"NoteRef"`
}

type xCoding struct {
	GUID         string `xml:"guid,attr"`
	CreatingUser string `xml:"creatingUser,attr,omitempty"`
	Created      string `xml:"creationDateTime,attr,omitempty"`
	CodeRef      xRef   `xml:"CodeRef"`
	NoteRefs     []xRef `xml:"NoteRef"`
}

type xPDFSource struct {
	GUID           string       `xml:"guid,attr"`
	Name           string       `xml:"name,attr,omitempty"`
	Representation *xTextSource `xml:"Representation"`
}

type xGUIDOnly struct {
	GUID string `xml:"guid,attr"`
	Name string `xml:"name,attr,omitempty"`
}

type xNotes struct {
	Notes []xTextSource `xml:"Note"`
}

type xSets struct {
	Sets []xSet `xml:"Set"`
}

type xSet struct {
	GUID          string `xml:"guid,attr"`
	Name          string `xml:"name,attr"`
	Description   string `xml:"Description,omitempty"`
	MemberCodes   []xRef `xml:"MemberCode"`
	MemberSources []xRef `xml:"MemberSource"`
	MemberNotes   []xRef `xml:"MemberNote"`
}

// xAny counts the children of an element the model cannot hold.
type xAny struct {
	Children []xGUIDOnly `xml:",any"`
}

// xCodeBookFile is the root of a .qdc file.
type xCodeBookFile struct {
	XMLName xml.Name `xml:"urn:QDA-XML:codebook:1.0 CodeBook"`
	Origin  string   `xml:"origin,attr,omitempty"`
	Codes   xCBCodes `xml:"Codes"`
	Sets    *xCBSets `xml:"Sets"`
}

type xCBCodes struct {
	Codes []xCBCode `xml:"Code"`
}

type xCBCode struct {
	GUID        string    `xml:"guid,attr"`
	Name        string    `xml:"name,attr"`
	IsCodable   bool      `xml:"isCodable,attr"`
	Color       string    `xml:"color,attr,omitempty"`
	Description string    `xml:"Description,omitempty"`
	Codes       []xCBCode `xml:"Code"`
}

type xCBSets struct {
	Sets []xCBSet `xml:"Set"`
}

type xCBSet struct {
	GUID        string      `xml:"guid,attr"`
	Name        string      `xml:"name,attr"`
	Description string      `xml:"Description,omitempty"`
	Members     []xCBMember `xml:"MemberCode"`
}

type xCBMember struct {
	GUID string `xml:"guid,attr"`
}
